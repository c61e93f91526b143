using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Xunit.v3;

[assembly: NewsWatcher.Testing.HungTestDeadline]

namespace NewsWatcher.Testing;

/// <summary>
/// Cancels a test that is still running after its deadline (10 minutes; <c>NEWSWATCHER_TEST_DEADLINE_MINUTES</c> overrides):
/// a wait for an event that never comes then fails that one test, by name, instead of holding the whole run until CI
/// stops it with no word on which test hung. Every wait in these tests takes <see cref="TestContext.CancellationToken"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class HungTestDeadlineAttribute : BeforeAfterTestAttribute
{
    public const string Variable = "NEWSWATCHER_TEST_DEADLINE_MINUTES";

    private readonly ConcurrentDictionary<IXunitTest, Timer> _deadlines = new();

    public static TimeSpan Deadline =>
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : TimeSpan.FromMinutes(10);

    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        var context = TestContext.Current;
        var deadline = Deadline;
        _deadlines[test] = new Timer(
            _ =>
            {
                context.TestOutputHelper?.WriteLine($"HUNG: still running after {deadline.TotalMinutes:0.##} minutes; cancelled ({Variable} sets the deadline).");
                context.CancelCurrentTest();
            },
            null,
            deadline,
            Timeout.InfiniteTimeSpan);
    }

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (_deadlines.TryRemove(test, out var timer))
        {
            timer.Dispose();
        }
    }
}
