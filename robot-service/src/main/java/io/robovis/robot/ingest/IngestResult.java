package io.robovis.robot.ingest;

import java.util.Comparator;
import java.util.List;

/** The 202 answer: how many events were accepted, and why each other one was rejected. */
record IngestResult(int accepted, List<Rejected> rejected) {

    static IngestResult of(int accepted, List<Rejected> rejected) {
        return new IngestResult(
                accepted,
                rejected.stream().sorted(Comparator.comparingInt(Rejected::index)).toList());
    }

    record Rejected(int index, String code, String detail) {}
}
