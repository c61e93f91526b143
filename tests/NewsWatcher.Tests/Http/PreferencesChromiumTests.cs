using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Polling;
using NewsWatcher.Subscribers;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>A reader clicking through the preferences page in headless Chromium, from the link in their mail.</summary>
public sealed class PreferencesChromiumTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public PreferencesChromiumTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task PreferencesPage_ClickedThrough_PausesSwitchesCadenceChoosesWatchesUnsubscribesAndComesBack()
    {
        var (browser, driver) = WebDriverSession.FindOrSkip();
        var token = TestContext.Current.CancellationToken;
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var host = setup.Host!;
        setup.AddArticle("n1", "Truce violated near the front [n1]");
        await host.Services.GetRequiredService<OnceRunner>().RunAsync(token);
        var link = UnsubscribeTestSetup.OneClickLink(Assert.Single(setup.Messages("desk@example.org")));
        var preferences = host.Services.GetRequiredService<IPreferenceStore>();
        var before = TimeProvider.System.GetUtcNow();
        await using var chromium = await WebDriverSession.StartAsync(browser, driver, token);

        await chromium.NavigateAsync(link, token);
        Assert.Equal("You receive each story as it is found.", await chromium.TextAsync("#state", token));
        Assert.True(await chromium.IsCheckedAsync("input[name=watch][value=talks]", token));
        await chromium.ClickAsync("#pause-week", token);
        await chromium.ClickAsync("#cadence-hourly", token);
        await chromium.ClickAsync("input[name=watch][value=talks]", token);
        await chromium.SubmitAsync("#save", token);

        Assert.Equal("Your preferences are saved.", await chromium.TextAsync("#saved", token));
        Assert.StartsWith("Paused until ", await chromium.TextAsync("#state", token), StringComparison.Ordinal);
        Assert.False(await chromium.IsCheckedAsync("input[name=watch][value=talks]", token));
        Assert.True(await chromium.IsCheckedAsync("#cadence-hourly", token));
        var saved = await preferences.GetAsync("desk@example.org", token);
        Assert.Equal("hourly", saved!.Cadence);
        Assert.Equal(["violated"], saved.Watches);
        Assert.InRange(saved.PausedUntil!.Value, before.AddDays(7).AddMinutes(-1), TimeProvider.System.GetUtcNow().AddDays(7).AddMinutes(1));

        await chromium.SubmitAsync("#unsubscribe", token);
        Assert.Equal("You are unsubscribed", await chromium.TextAsync("#state", token));
        Assert.True((await preferences.GetAsync("desk@example.org", token))?.Unsubscribed);

        await chromium.SubmitAsync("#resubscribe", token);
        Assert.Equal("Your preferences are saved.", await chromium.TextAsync("#saved", token));
        var back = await preferences.GetAsync("desk@example.org", token);
        Assert.False(back!.Unsubscribed);
        Assert.Equal("hourly", back.Cadence);
        Assert.Null(await preferences.GetAsync("other@example.org", token));
    }
}
