package io.flotilla.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Main class of a measured child JVM: runs another main class and, as the JVM ends
 * (normally or by SIGTERM), writes its peak heap and its peak resident set size to the
 * file {@code flotilla.bench.peak-file} names ({@link HeapPeaks}).
 */
public final class PeakReporter {

	private PeakReporter() {
	}

	public static void main(String[] args) throws Throwable {
		Path file = Path.of(System.getProperty("flotilla.bench.peak-file"));
		HeapPeaks heap = HeapPeaks.watch();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> write(file, heap)));
		Class.forName(args[0], true, Thread.currentThread().getContextClassLoader())
			.getMethod("main", String[].class)
			.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
	}

	static void write(Path file, HeapPeaks heap) {
		try {
			Files.writeString(file, "heapInUse=" + heap.inUse() + "\nheapAfterCollection=" + heap.afterCollection()
					+ "\nvmHwmKiB=" + vmHwmKiB(Path.of("/proc/self/status")) + "\n");
		}
		catch (IOException ex) {
			// the parent reports the figure as missing
		}
	}

	static long vmHwmKiB(Path status) throws IOException {
		for (String line : Files.readAllLines(status)) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

}
