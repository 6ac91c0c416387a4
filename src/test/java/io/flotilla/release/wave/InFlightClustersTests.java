package io.flotilla.release.wave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightClustersTests {

	private final InFlightClusters inFlight = new InFlightClusters();

	@Test
	void countsEachStageOfEachReleaseApartAndForgetsAStageWithNoneLeft() {
		this.inFlight.begin("r-1", "prod");
		this.inFlight.begin("r-1", "prod");
		this.inFlight.begin("r-1", "canary");
		this.inFlight.begin("r-2", "prod");
		this.inFlight.end("r-1", "prod");

		assertThat(this.inFlight.count("r-1", "prod")).isOne();
		assertThat(this.inFlight.count("r-1", "canary")).isOne();
		assertThat(this.inFlight.count("r-2", "prod")).isOne();
		assertThat(this.inFlight.count("r-3", "prod")).isZero();

		this.inFlight.end("r-1", "prod");
		this.inFlight.end("r-1", "prod");

		assertThat(this.inFlight.count("r-1", "prod")).isZero();
	}

}
