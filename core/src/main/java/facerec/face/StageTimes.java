package facerec.face;

import java.util.concurrent.atomic.LongAdder;

/** Time spent per stage of the pipeline, summed over calls and threads (for benchmarks). */
public final class StageTimes {
    public final LongAdder decodeNanos = new LongAdder();
    public final LongAdder detectNanos = new LongAdder();
    public final LongAdder alignNanos = new LongAdder();
    public final LongAdder embedNanos = new LongAdder();

    public static double ms(LongAdder nanos) {
        return nanos.sum() / 1e6;
    }
}
