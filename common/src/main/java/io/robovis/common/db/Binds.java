package io.robovis.common.db;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding helpers for {@link org.springframework.r2dbc.core.DatabaseClient} statements. */
public final class Binds {

    /** Binds the value, or a typed null (a patch's absent field, read with COALESCE). */
    public static <T> GenericExecuteSpec nullable(
            GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private Binds() {}
}
