package io.robovis.insight.report;

import io.robovis.common.problem.ProblemException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When a tenant gets a report, and over which period. Daily: at {@code at} (local time), about the
 * previous local calendar day. Weekly: on {@code weekday} at {@code at}, about the 7 local days
 * before that day. The time zone is the schedule's, else the tenant's (its settings), else UTC.
 *
 * @param scheduleId a slug, unique within the tenant
 * @param frequency daily or weekly
 * @param at HH:MM, local time
 * @param weekday monday … sunday, for a weekly schedule only
 * @param timezone an IANA zone, or null for the tenant's
 * @param enabled false: no reports (a tenant keeps at least one schedule)
 */
public record ReportSchedule(
        String scheduleId,
        String frequency,
        String at,
        String weekday,
        String timezone,
        Boolean enabled) {

    static final ReportSchedule DEFAULT =
            new ReportSchedule("daily", "daily", "07:00", null, null, true);

    static final int MAX_SCHEDULES = 10;

    /** Periods a schedule that missed runs catches up on, at most. */
    static final int MAX_CATCH_UP = 7;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    /** A period of a schedule and when its report is due. */
    record Period(Instant from, Instant to, Instant dueAt) {}

    ZoneId zone(String tenantTimezone) {
        for (String candidate : new String[] {timezone, tenantTimezone}) {
            if (candidate != null) {
                try {
                    return ZoneId.of(candidate);
                } catch (DateTimeException e) {
                    // a tenant zone the gateway accepted but this JVM does not know: next one
                }
            }
        }
        return UTC;
    }

    private static final ZoneId UTC = ZoneId.of("UTC");

    /** The due time of the run on local date {@code day}, if the schedule runs that day. */
    private ZonedDateTime runOn(LocalDate day, ZoneId zone) {
        if (frequency.equals("weekly")
                && day.getDayOfWeek() != DayOfWeek.valueOf(weekday.toUpperCase(Locale.ROOT))) {
            return null;
        }
        return ZonedDateTime.of(day, LocalTime.parse(at), zone);
    }

    private Period period(LocalDate runDay, ZoneId zone, ZonedDateTime dueAt) {
        int days = frequency.equals("weekly") ? 7 : 1;
        return new Period(
                runDay.minusDays(days).atStartOfDay(zone).toInstant(),
                runDay.atStartOfDay(zone).toInstant(),
                dueAt.toInstant());
    }

    /**
     * The periods due by {@code now}, oldest first: the latest always (a new schedule produces its
     * current period at once), and the earlier ones due after {@code since} that a service that was
     * down missed, at most {@link #MAX_CATCH_UP} in all.
     */
    List<Period> due(ZoneId zone, Instant now, Instant since) {
        List<Period> periods = new ArrayList<>();
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int back = 0; back < 7 * (MAX_CATCH_UP + 1) && periods.size() < MAX_CATCH_UP; back++) {
            LocalDate d = day.minusDays(back);
            ZonedDateTime dueAt = runOn(d, zone);
            if (dueAt == null || dueAt.toInstant().isAfter(now)) {
                continue;
            }
            if (!periods.isEmpty() && dueAt.toInstant().isBefore(since)) {
                break;
            }
            periods.add(0, period(d, zone, dueAt));
        }
        return periods;
    }

    /** The next due time after {@code now}. */
    Instant nextAt(ZoneId zone, Instant now) {
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int ahead = 0; ahead <= 8; ahead++) {
            ZonedDateTime dueAt = runOn(day.plusDays(ahead), zone);
            if (dueAt != null && dueAt.toInstant().isAfter(now)) {
                return dueAt.toInstant();
            }
        }
        return null;
    }

    /** Checks a tenant's new schedules; a 400 naming each bad field otherwise. */
    static List<ReportSchedule> validate(List<ReportSchedule> schedules) {
        if (schedules == null || schedules.isEmpty() || schedules.size() > MAX_SCHEDULES) {
            throw invalid(
                    Map.of(
                            "schedules",
                            "between 1 and "
                                    + MAX_SCHEDULES
                                    + " schedules (to stop reports, set enabled: false)"));
        }
        Set<String> ids = new HashSet<>();
        List<ReportSchedule> valid = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            ReportSchedule s = schedules.get(i);
            String at = "[" + i + "].";
            Map<String, String> errors = new java.util.LinkedHashMap<>();
            if (s == null) {
                throw invalid(Map.of("[" + i + "]", "must be a schedule object"));
            }
            if (s.scheduleId() == null || !ID.matcher(s.scheduleId()).matches()) {
                errors.put(at + "schedule_id", "must be a lower-case slug of 1 to 40 characters");
            } else if (!ids.add(s.scheduleId())) {
                errors.put(at + "schedule_id", "must be unique");
            }
            if (!"daily".equals(s.frequency()) && !"weekly".equals(s.frequency())) {
                errors.put(at + "frequency", "must be one of: daily, weekly");
            }
            if (s.at() == null || !TIME.matcher(s.at()).matches()) {
                errors.put(at + "at", "must be a local time HH:MM (00:00 to 23:59)");
            }
            if ("weekly".equals(s.frequency())) {
                try {
                    DayOfWeek.valueOf(String.valueOf(s.weekday()).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.put(at + "weekday", "must be a day: monday … sunday");
                }
            } else if (s.weekday() != null) {
                errors.put(at + "weekday", "is for weekly schedules only");
            }
            if (s.timezone() != null) {
                try {
                    ZoneId.of(s.timezone());
                } catch (DateTimeException e) {
                    errors.put(at + "timezone", "must be an IANA time zone (Europe/Paris)");
                }
            }
            if (!errors.isEmpty()) {
                throw invalid(errors);
            }
            valid.add(
                    new ReportSchedule(
                            s.scheduleId(),
                            s.frequency(),
                            s.at(),
                            s.weekday() == null ? null : s.weekday().toLowerCase(Locale.ROOT),
                            s.timezone(),
                            s.enabled() == null || s.enabled()));
        }
        return valid;
    }

    private static ProblemException invalid(Map<String, String> errors) {
        return ProblemException.invalidFields(
                "The schedules are not valid.",
                errors.entrySet().stream()
                        .map(
                                e ->
                                        Map.<String, Object>of(
                                                "field", e.getKey(), "message", e.getValue()))
                        .toList());
    }
}
