package io.robovis.common.security;

import java.util.Set;

/**
 * Which robots an ingest key may send events for: those listed, and those at the sites listed. No
 * robots and no sites: every robot of the key's constructor.
 */
public record IngestScope(Set<String> robots, Set<String> sites) {

    public IngestScope {
        robots = robots == null ? Set.of() : Set.copyOf(robots);
        sites = sites == null ? Set.of() : Set.copyOf(sites);
    }

    public boolean wholeConstructor() {
        return robots.isEmpty() && sites.isEmpty();
    }

    public boolean allows(String robotId, String site) {
        return wholeConstructor()
                || robots.contains(robotId)
                || (site != null && sites.contains(site));
    }
}
