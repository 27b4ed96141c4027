import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an application's CPU went in a JFR recording: the share of execution samples in each named part.
 *
 * <pre>
 * java bench/overload/CpuShares.java RECORDING 'LABEL=FRAME[!DEEPER]' ...
 * </pre>
 *
 * A sample belongs to a part when one of its frames is a method whose {@code Type.method} name contains
 * {@code FRAME}, unless a frame below that one (called from it) contains {@code DEEPER}: so
 * {@code 'rate limit=RateLimitFilter.doFilterInternal!FilterChain.doFilter'} is what the filter costs itself, without
 * the rest of the chain it calls. A sample may belong to several parts; the shares do not add up to the whole.
 */
class CpuShares {

	record Part(String label, String frame, String deeper) {

		static Part parse(String spec) {
			var equals = spec.indexOf('=');
			if (equals < 1 || equals == spec.length() - 1) {
				throw new IllegalArgumentException("not LABEL=FRAME[!DEEPER]: " + spec);
			}
			var pattern = spec.substring(equals + 1);
			var bang = pattern.indexOf('!');
			return bang < 0 ? new Part(spec.substring(0, equals), pattern, "")
					: new Part(spec.substring(0, equals), pattern.substring(0, bang), pattern.substring(bang + 1));
		}

		/** Frames from the top of the stack (the running method) down to the thread's first. */
		boolean holds(List<String> frames) {
			for (int i = frames.size() - 1; i >= 0; i--) {
				if (frames.get(i).contains(frame)) {
					if (deeper.isEmpty()) {
						return true;
					}
					for (int j = i - 1; j >= 0; j--) {
						if (frames.get(j).contains(deeper)) {
							return false;
						}
					}
					return true;
				}
			}
			return false;
		}
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: java CpuShares.java RECORDING 'LABEL=FRAME[!DEEPER]' ...");
			System.exit(2);
		}
		var parts = new ArrayList<Part>();
		for (int i = 1; i < args.length; i++) {
			parts.add(Part.parse(args[i]));
		}
		var counts = new LinkedHashMap<Part, Integer>();
		parts.forEach(part -> counts.put(part, 0));
		int samples = 0;
		try (var recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				var event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				samples++;
				if (event.getStackTrace().isTruncated()) {
					System.err.println("a stack was truncated: record with -XX:FlightRecorderOptions:stackdepth=1024");
					System.exit(1);
				}
				var frames = new ArrayList<String>();
				for (RecordedFrame frame : event.getStackTrace().getFrames()) {
					frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
				}
				for (Map.Entry<Part, Integer> entry : counts.entrySet()) {
					if (entry.getKey().holds(frames)) {
						entry.setValue(entry.getValue() + 1);
					}
				}
			}
		}
		System.out.printf("  %d samples%n", samples);
		for (var entry : counts.entrySet()) {
			System.out.printf("  %5.1f%%  %s%n", samples == 0 ? 0.0 : 100.0 * entry.getValue() / samples,
					entry.getKey().label());
		}
	}
}
