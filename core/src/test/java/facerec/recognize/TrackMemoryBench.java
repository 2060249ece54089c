package facerec.recognize;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.people.PeopleCollector;
import facerec.store.Matcher;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What an hour of a crowd's short tracks costs the track book and the people outputs' collector, without decoding an hour of
 * video: the book is fed as a recognize run feeds it (faces detected every other frame and
 * tracked between, each with a 128-d embedding, a match and, with people outputs, a crop of
 * 3.5 KB), and its retained heap is measured after a full collection as the frames
 * go by. A memory that grows with the hour shows as bytes per ended track; what must stay is
 * only the report's line for each track.
 * Usage (scripts/bench-tracks.sh): java -XX:+UseSerialGC -cp CP facerec.recognize.TrackMemoryBench
 *        FRAMES FACES TRACK_FRAMES PEOPLE(true|false)
 */
public final class TrackMemoryBench {
    public static void main(String[] args) {
        int frames = Integer.parseInt(args[0]);
        int faces = Integer.parseInt(args[1]);
        int length = Integer.parseInt(args[2]);
        boolean people = Boolean.parseBoolean(args[3]);
        Random random = new Random(1);
        PeopleCollector collector = new PeopleCollector(1.0);
        TrackBook book = new TrackBook(false, 0.6, Integer.MAX_VALUE, people ? List.of(collector) : List.of());
        double[][] embedding = new double[faces][];
        String[] name = new String[faces];
        long first = -1;
        int firstTracks = 0;
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            book.startChunk();
            List<Observation> seen = new ArrayList<>(faces);
            for (int f = 0; f < faces; f++) {
                // Slots start their tracks at staggered frames, so that some end on every frame.
                int age = (i + f * length / faces) % length;
                int track = (i + f * length / faces) / length;
                if (age == 0 || embedding[f] == null) {
                    embedding[f] = unit(random);
                    // Half of them are people of the store, half unknown.
                    name[f] = track % 2 == 0 ? "person-" + random.nextInt(20) : Matcher.UNKNOWN;
                }
                // A new track's box is far from its slot's last one, so it never links to it.
                int x = 200 * f + 50 * (track % 3);
                Box box = new Box(100, x + 60, 160, x);
                int local = track * faces + f;
                // Detected every other frame of its track, from its first (a track starts at a detection).
                if (age % 2 == 0) {
                    FaceCrop crop = people ? new FaceCrop(new byte[3500], random.nextDouble()) : null;
                    seen.add(new Observation(local, box, new Matcher.Match(name[f], 0.4, 1), embedding[f].clone(), crop));
                } else {
                    seen.add(new Observation(local, box, null, null));
                }
            }
            book.show(book.place(i, seen), i * 40.0);
            if ((i + 1) % (frames / 6) == 0) {
                // Growth is measured from the first point, past what loading and warming up left.
                long bytes = retained();
                int tracks = book.tracks().size();
                if (first < 0) {
                    first = bytes;
                    firstTracks = tracks;
                }
                System.out.printf("%7d frames (%5.1f min at 25 fps)  %6d tracks  heap %6.2f MB  grown %6.2f MB since the first, %5.0f bytes per track%n",
                        i + 1, (i + 1) / 25.0 / 60, tracks, bytes / 1e6, (bytes - first) / 1e6,
                        tracks == firstTracks ? 0.0 : (double) (bytes - first) / (tracks - firstTracks));
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        long tracks = book.tracks().size();
        System.out.printf("place and show: %.1f µs per frame (with the measurements); report lines and people data built for %d tracks%n",
                1000 * ms / frames, people ? collector.run(new Recognizer.Result("in", null, null, frames, true, List.of(),
                        book.tracks(), 0, null, List.of(), List.of())).faces().size() : tracks);
    }

    private static double[] unit(Random random) {
        double[] e = new double[128];
        double norm = 0;
        for (int d = 0; d < e.length; d++) {
            e[d] = random.nextGaussian();
            norm += e[d] * e[d];
        }
        for (int d = 0; d < e.length; d++) {
            e[d] /= Math.sqrt(norm);
        }
        return e;
    }

    /** The heap that survives a full collection (the serial collector's, which is exact). */
    private static long retained() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private TrackMemoryBench() {}
}
