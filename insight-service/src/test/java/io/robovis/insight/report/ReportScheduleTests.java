package io.robovis.insight.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robovis.common.problem.ProblemException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportScheduleTests {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void aDailyReportAtSevenCoversTheLocalDayBefore() {
        ReportSchedule daily = ReportSchedule.DEFAULT;
        Instant now = Instant.parse("2026-12-05T06:30:00Z"); // 07:30 in Paris

        List<ReportSchedule.Period> due = daily.due(PARIS, now, now);

        assertThat(due)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.from()).isEqualTo(Instant.parse("2026-12-03T23:00:00Z"));
                            assertThat(p.to()).isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
                            assertThat(p.dueAt()).isEqualTo(Instant.parse("2026-12-05T06:00:00Z"));
                        });
        // at 06:59 in Paris, today's is not due yet: yesterday's is the latest
        assertThat(daily.due(PARIS, Instant.parse("2026-12-05T05:59:00Z"), now))
                .extracting(ReportSchedule.Period::to)
                .containsExactly(Instant.parse("2026-12-03T23:00:00Z"));
        assertThat(daily.nextAt(PARIS, now)).isEqualTo(Instant.parse("2026-12-06T06:00:00Z"));
    }

    @Test
    void missedPeriodsSinceTheScheduleBeganAreDueOldestFirstAtMostSeven() {
        ReportSchedule daily = ReportSchedule.DEFAULT;
        Instant now = Instant.parse("2026-12-05T12:00:00Z");

        assertThat(daily.due(PARIS, now, Instant.parse("2026-12-03T05:00:00Z")))
                .extracting(ReportSchedule.Period::dueAt)
                .containsExactly(
                        Instant.parse("2026-12-03T06:00:00Z"),
                        Instant.parse("2026-12-04T06:00:00Z"),
                        Instant.parse("2026-12-05T06:00:00Z"));
        assertThat(daily.due(PARIS, now, Instant.parse("2026-01-01T00:00:00Z"))).hasSize(7);
    }

    @Test
    void theDayTheClocksGoBackHas25Hours() {
        // Paris leaves summer time on 2026-10-25
        List<ReportSchedule.Period> due =
                ReportSchedule.DEFAULT.due(
                        PARIS,
                        Instant.parse("2026-10-26T08:00:00Z"),
                        Instant.parse("2026-10-26T08:00:00Z"));
        ReportSchedule.Period p = due.get(0);
        assertThat(p.from()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    }

    @Test
    void aWeeklyReportCoversTheSevenDaysBeforeItsDay() {
        ReportSchedule weekly =
                new ReportSchedule("week", "weekly", "08:00", "monday", "UTC", true);
        Instant now = Instant.parse("2026-12-09T10:00:00Z"); // a Wednesday

        assertThat(weekly.due(ZoneId.of("UTC"), now, now))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.from()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
                            assertThat(p.to()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
                        });
        assertThat(weekly.zone("Europe/Paris")).isEqualTo(ZoneId.of("UTC"));
        assertThat(ReportSchedule.DEFAULT.zone(null)).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void invalidSchedulesNameEachField() {
        assertThatThrownBy(
                        () ->
                                ReportSchedule.validate(
                                        List.of(
                                                new ReportSchedule(
                                                        "Daily!", "daily", "7:00", "monday", null,
                                                        true))))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("schedule_id")
                .hasMessageContaining("at")
                .hasMessageContaining("weekday");
        assertThat(
                        ReportSchedule.validate(
                                List.of(
                                        new ReportSchedule(
                                                "w", "weekly", "08:00", "Monday", null, null))))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.weekday()).isEqualTo("monday");
                            assertThat(s.enabled()).isTrue();
                        });
    }
}
