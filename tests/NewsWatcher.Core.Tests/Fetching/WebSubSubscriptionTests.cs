using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Core.Tests.Fetching;

public sealed class WebSubSubscriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Topic = new("https://news.example.org/feed.xml");

    private static WebSubSubscription Asked(WebSubState state = WebSubState.Subscribing) =>
        new("wire", new Uri("https://hub.example.org/"), Topic, "secret") { State = state, RequestedAt = Now };

    [Fact]
    public void Verify_SubscribeForOurTopic_ActiveWithTheGrantedLease()
    {
        var verified = Asked().Verify("subscribe", Topic.ToString(), 3600, TimeSpan.FromDays(1), Now);

        Assert.Equal(WebSubState.Active, verified!.State);
        Assert.Equal(Now.AddHours(1), verified.LeaseEnds);
        Assert.True(verified.IsActive(Now.AddMinutes(59)));
        Assert.False(verified.IsActive(Now.AddHours(1)));
    }

    [Theory]
    [InlineData("subscribe", "https://elsewhere.example/feed.xml", WebSubState.Subscribing)]
    [InlineData("unsubscribe", "https://news.example.org/feed.xml", WebSubState.Subscribing)]
    [InlineData("subscribe", "https://news.example.org/feed.xml", WebSubState.Unsubscribing)]
    [InlineData("denied", "https://news.example.org/feed.xml", WebSubState.Subscribing)]
    public void Verify_TopicOrModeNotAskedFor_Refused(string mode, string topic, WebSubState state) =>
        Assert.Null(Asked(state).Verify(mode, topic, 3600, TimeSpan.FromDays(1), Now));

    [Fact]
    public void Verify_SubscribeWhileActiveAndNothingAsked_RefusedSoTheLeaseCannotBeMovedByOthers()
    {
        var active = Asked().Verify("subscribe", Topic.ToString(), 3600, TimeSpan.FromDays(1), Now)!;

        Assert.Null(active.Verify("subscribe", Topic.ToString(), 999_999, TimeSpan.FromDays(1), Now.AddMinutes(1)));
        var renewed = (active with { RequestedAt = Now.AddMinutes(50) }).Verify("subscribe", Topic.ToString(), 3600, TimeSpan.FromDays(1), Now.AddMinutes(51));
        Assert.Equal(Now.AddMinutes(111), renewed!.LeaseEnds);
    }

    [Fact]
    public void RenewAt_ActiveLease_ATenthBeforeTheEndAndNotAgainUntilVerified()
    {
        var active = Asked().Verify("subscribe", Topic.ToString(), 10 * 3600, TimeSpan.FromDays(1), Now)!;
        Assert.Equal(Now.AddHours(9), active.RenewAt(TimeSpan.FromMinutes(10)));

        // Renewal asked, hub not yet answered: asked again only after the retry wait, however near the end the lease is.
        var renewing = active with { RequestedAt = Now.AddHours(9) };
        Assert.Equal(Now.AddHours(9).AddMinutes(10), renewing.RenewAt(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void RenewAt_ShortLease_AtLeastAMinuteEarly()
    {
        var active = Asked().Verify("subscribe", Topic.ToString(), 300, TimeSpan.FromDays(1), Now)!;

        Assert.Equal(Now.AddMinutes(4), active.RenewAt(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Differs_AnotherHubOrSelf_True()
    {
        var subscription = Asked();

        Assert.False(subscription.Differs(new HubLinks([new Uri("https://hub.example.org/")], Topic)));
        Assert.True(subscription.Differs(new HubLinks([new Uri("https://other-hub.example.org/")], Topic)));
        Assert.True(subscription.Differs(new HubLinks([new Uri("https://hub.example.org/")], new Uri("https://news.example.org/other.xml"))));
    }
}
