package io.flotilla.release.wave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightClustersTests {

	private final InFlightClusters inFlight = new InFlightClusters();

	@Test
	void countsEachGroupOfEachStageApartAndForgetsAGroupWithNoneLeft() {
		this.inFlight.begin("r-1", "prod", "eu");
		this.inFlight.begin("r-1", "prod", "eu");
		this.inFlight.begin("r-1", "prod", "us");
		this.inFlight.begin("r-1", "canary", "eu");
		this.inFlight.begin("r-2", "prod", "eu");
		this.inFlight.end("r-1", "prod", "eu");

		assertThat(this.inFlight.count("r-1", "prod")).isEqualTo(2);
		assertThat(this.inFlight.count("r-1", "prod", "eu")).isOne();
		assertThat(this.inFlight.count("r-1", "prod", "us")).isOne();
		assertThat(this.inFlight.count("r-1", "canary")).isOne();
		assertThat(this.inFlight.count("r-2", "prod")).isOne();
		assertThat(this.inFlight.count("r-3", "prod")).isZero();

		this.inFlight.end("r-1", "prod", "eu");
		this.inFlight.end("r-1", "prod", "eu");

		assertThat(this.inFlight.count("r-1", "prod", "eu")).isZero();
		assertThat(this.inFlight.count("r-1", "prod")).isOne();
	}

	@Test
	void aStageIsNotCountedWithAnotherWhoseNameStartsTheSame() {
		this.inFlight.begin("r-1", "prod-2", "eu");

		assertThat(this.inFlight.count("r-1", "prod")).isZero();
	}

}
