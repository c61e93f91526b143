using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Scheduling;
using Quartz;
using Quartz.Extensibility;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>When digests fire, computed by Quartz's own triggers as the registrar builds them, with a fake clock.</summary>
public sealed class CadenceTimingTests
{
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private static Subscriber Subscriber(DigestCadence cadence, TimeZoneInfo zone) =>
        new("s@example.org", "s@example.org", "S", ["*"], cadence, zone, ImmediateUrgent: false);

    /// <summary>The next <paramref name="count"/> fire times of the subscriber's digest trigger, starting at the fake clock's now.</summary>
    private static List<DateTimeOffset> FireTimes(Subscriber subscriber, FakeTimeProvider time, int count)
    {
        var trigger = (IOperableTrigger)TriggerBuilder.Create(time).WithSchedule(ScheduleRegistrar.DigestSchedule(new Route(subscriber))).Build();
        var times = new List<DateTimeOffset>();
        var next = trigger.ComputeFirstFireTimeUtc(null);
        while (next is { } at && times.Count < count)
        {
            times.Add(at);
            next = trigger.GetFireTimeAfter(at);
        }

        return times;
    }

    [Fact]
    public void Daily0700Kyiv_AcrossSpringDstChange_AlwaysSevenLocal()
    {
        // Kyiv moves from UTC+2 to UTC+3 at 03:00 local on Sunday 29 March 2026.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));

        var fires = FireTimes(Subscriber(DigestCadence.DailyAt(new TimeOnly(7, 0)), Kyiv), time, 4);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 28, 5, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 30, 4, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 31, 4, 0, 0, TimeSpan.Zero),
            ],
            fires);
        Assert.All(fires, f => Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(f, Kyiv).DateTime)));
    }

    [Fact]
    public void Daily0700Kyiv_AcrossAutumnDstChange_AlwaysSevenLocal()
    {
        // Back from UTC+3 to UTC+2 at 04:00 local on Sunday 25 October 2026.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 23, 12, 0, 0, TimeSpan.Zero));

        var fires = FireTimes(Subscriber(DigestCadence.DailyAt(new TimeOnly(7, 0)), Kyiv), time, 3);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 10, 24, 4, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 25, 5, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 26, 5, 0, 0, TimeSpan.Zero),
            ],
            fires);
    }

    [Fact]
    public void Weekly_MondayAt0830_OncePerWeekAtLocalTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 25, 12, 0, 0, TimeSpan.Zero));

        var fires = FireTimes(Subscriber(DigestCadence.WeeklyOn(DayOfWeek.Monday, new TimeOnly(8, 30)), Kyiv), time, 2);

        Assert.Equal([new DateTimeOffset(2026, 3, 30, 5, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 6, 5, 30, 0, TimeSpan.Zero)], fires);
    }

    [Fact]
    public void Hourly_InHalfHourZone_OnTheLocalHour()
    {
        var india = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 25, 12, 10, 0, TimeSpan.Zero));

        var fires = FireTimes(Subscriber(DigestCadence.Hourly, india), time, 2);

        Assert.Equal([new DateTimeOffset(2026, 3, 25, 12, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 25, 13, 30, 0, TimeSpan.Zero)], fires);
    }

    [Fact]
    public void DigestCron_Immediate_HasNoSchedule() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScheduleRegistrar.DigestCron(DigestCadence.Immediate));
}
