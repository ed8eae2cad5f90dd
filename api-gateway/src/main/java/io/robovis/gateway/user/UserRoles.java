package io.robovis.gateway.user;

/** The roles a user may be given. */
final class UserRoles {

    static final String PATTERN = "admin|analyst|viewer|ingest";
    static final String MESSAGE = "one of admin, analyst, viewer, ingest";

    private UserRoles() {}
}
