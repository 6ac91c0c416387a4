package io.flotilla.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * A watch on one object, found by namespace and name, as a client's informer opens it to
 * wait for that object's condition. fabric8's own watch finds its initial objects by
 * testing every object of the store, which a release pays once per cluster.
 * <p>
 * Changes made before the socket opens are not replayed: the initial event carries the
 * object's state at the opening, which already holds them, and every change after it
 * follows in order: {@code noChanges} keeps the store's changes out between reading that
 * state and opening.
 */
final class NamedWatch extends WebSocketListener {

	private final String key;

	private final AttributeSet query;

	private final Supplier<String> current;

	private final Consumer<NamedWatch> closed;

	private final Lock noChanges;

	// Sending blocks until the socket has written, so it must not happen under the
	// store's lock; one thread per watch keeps the events in order.
	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "sandbox-watch");
		thread.setDaemon(true);
		return thread;
	});

	private volatile WebSocket socket;

	NamedWatch(String key, AttributeSet query, Supplier<String> current, Consumer<NamedWatch> closed, Lock noChanges) {
		this.key = key;
		this.query = query;
		this.current = current;
		this.closed = closed;
		this.noChanges = noChanges;
	}

	String key() {
		return this.key;
	}

	/**
	 * Sends the change of one object to the watcher if the watch covers the object before
	 * or after it, as the Kubernetes API names it: MODIFIED, ADDED or DELETED.
	 */
	void changed(AttributeSet before, String oldState, AttributeSet after, String newState) {
		if (this.socket == null) {
			return;
		}
		boolean matchedBefore = before != null && before.matches(this.query);
		boolean matchesAfter = after != null && after.matches(this.query);
		if (matchedBefore && matchesAfter) {
			send("MODIFIED", newState);
		}
		else if (matchedBefore) {
			send("DELETED", oldState);
		}
		else if (matchesAfter) {
			send("ADDED", newState);
		}
	}

	@Override
	public void onOpen(WebSocket webSocket, Response response) {
		this.noChanges.lock();
		try {
			String state = this.current.get();
			this.socket = webSocket;
			if (state != null) {
				send("ADDED", state);
			}
		}
		finally {
			this.noChanges.unlock();
		}
	}

	@Override
	public void onClosing(WebSocket webSocket, int code, String reason) {
		// behind the events already queued, so the watcher receives them before the close
		submit(() -> webSocket.close(code, reason));
	}

	@Override
	public void onClosed(WebSocket webSocket, int code, String reason) {
		stop();
	}

	@Override
	public void onFailure(WebSocket webSocket, Throwable error, Response response) {
		stop();
	}

	private void stop() {
		this.closed.accept(this);
		this.sender.shutdown();
	}

	private void send(String type, String object) {
		String event = "{\"type\":\"" + type + "\",\"object\":" + object + "}";
		WebSocket webSocket = this.socket;
		submit(() -> webSocket.send(event));
	}

	private void submit(Runnable task) {
		try {
			this.sender.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// the watch has closed: nobody is left to tell
		}
	}

}
