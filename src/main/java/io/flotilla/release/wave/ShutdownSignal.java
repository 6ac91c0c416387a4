package io.flotilla.release.wave;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Tells running releases that the server is stopping, so each stops after the wave in
 * flight commits instead of having its threads interrupted. The context's executors then
 * wait for the jobs to stop; a release stopped this way is restarted by the next server
 * like one whose process died.
 */
public class ShutdownSignal {

	private final AtomicBoolean stopping = new AtomicBoolean();

	@EventListener(ContextClosedEvent.class)
	void serverStopping() {
		this.stopping.set(true);
	}

	public boolean isServerStopping() {
		return this.stopping.get();
	}

}
