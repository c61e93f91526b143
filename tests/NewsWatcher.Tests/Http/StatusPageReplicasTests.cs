using NewsWatcher.Diagnostics;
using NewsWatcher.Http;
using NewsWatcher.Http.Ops;
using NewsWatcher.Scheduling;

namespace NewsWatcher.Tests.Http;

/// <summary>The status page's replicas section: shown only for a clustered schedule, late replicas flagged, text escaped.</summary>
public sealed class StatusPageReplicasTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CheckIn = TimeSpan.FromSeconds(7.5);

    [Fact]
    public void Render_InMemorySchedule_NoReplicasSection()
    {
        var html = StatusPage.Render(new StatusSnapshot(Now, [], [], [], [], null), new Dictionary<string, string>());

        Assert.DoesNotContain("id=\"replicas\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThreeReplicasOneSilent_ListsEachWithCheckInAndJobsAndFlagsTheSilentOne()
    {
        var snapshot = new StatusSnapshot(Now, [], [], [], [], null)
        {
            InstanceId = "web-1-aaaa",
            Replicas =
            [
                new ReplicaInfo("web-1-aaaa", "web-1", Now.AddSeconds(-3), CheckIn, 2),
                new ReplicaInfo("web-2-bbbb", "web-2", Now.AddSeconds(-5), CheckIn, 0),
                new ReplicaInfo("web-3-<i>", "<b>web-3</b>", Now.AddSeconds(-40), CheckIn, 1),
            ],
        };

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("<td>web-1-aaaa <span class=\"muted\">(this one)</span></td><td>web-1</td><td class=\"ok\">2026-11-25 08:59:57</td><td class=\"num\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>web-2-bbbb</td><td>web-2</td><td class=\"ok\">2026-11-25 08:59:55</td><td class=\"num\">0</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>web-3-&lt;i&gt;</td><td>&lt;b&gt;web-3&lt;/b&gt;</td><td class=\"failing\">2026-11-25 08:59:20 (not checking in)</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DatabaseDown_SaysSoInsteadOfAnEmptyList()
    {
        var snapshot = new StatusSnapshot(Now, [], [], [], [], null) { Replicas = [], ClusterError = "connection refused <x>" };

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("The scheduler database could not be read: connection refused &lt;x&gt;", html, StringComparison.Ordinal);
    }
}
