using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Tests.Matching;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>The files under config/ ship as the defaults and as the README's examples, so they must always load.</summary>
public sealed class DefaultConfigTests
{
    [Fact]
    public void Parse_ShippedConfigFiles_LoadWithoutErrors()
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");
        var feeds = FeedsFile.Parse(Read("feeds.yaml"), "config/feeds.yaml");
        var ids = watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var subscribers = SubscribersFile.Parse(Read("subscribers.yaml"), "config/subscribers.yaml", ids);

        Assert.NotEmpty(watches.Watches);
        Assert.Equal(WatchesFile.Categories.Order(), watches.Watches.Select(w => w.Category).Distinct().Order());
        Assert.Contains(watches.Watches, w => w.Priority == Core.Matching.WatchPriority.Urgent);
        Assert.True(feeds.Count >= 10);
        Assert.All(feeds, f => Assert.InRange(f.Interval!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)));
        var subscriber = Assert.Single(subscribers);
        Assert.Equal(["*"], subscriber.Watches);
        Assert.Equal("daily at 07:30", subscriber.Cadence.ToString());
        Assert.True(subscriber.ImmediateUrgent);
        Assert.True(subscriber.TimeZone.Id is "Europe/Kyiv" or "Europe/Kiev", subscriber.TimeZone.Id);
    }

    [Theory]
    [InlineData("Путин согласился на перемирие", "ru-ua-truce-accepted")]
    [InlineData("Україна звинуватила Росію: перемир'я порушено", "ru-ua-truce-violated")]
    [InlineData("Kremlin rejects US-proposed 30-day ceasefire", "ru-ua-truce-rejected")]
    [InlineData("US proposes 30-day cease-fire between Russia and Ukraine", "ru-ua-30-day-ceasefire")]
    [InlineData("Обмен пленными между Россией и Украиной", "prisoner-exchange")]
    public void Parse_ShippedWatches_CatchRussiaUkraineDevelopments(string title, string expectedWatch)
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");

        var matches = watches.Match(new NewsWatcher.Core.Parsing.Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch));

        Assert.Contains(matches, m => m.WatchId == expectedWatch);
    }

    [Theory]
    [InlineData("US and China extend tariff truce by 90 days")]
    [InlineData("Sun and Microsoft call a truce")]
    public void Parse_ShippedWatches_IgnoreTradeTruces(string title)
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");

        Assert.Empty(watches.Match(new NewsWatcher.Core.Parsing.Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch)));
    }

    [Theory]
    [InlineData("Senate Democrats call a truce in their primary fight")]
    [InlineData("Retail CEO seeks truce with company founder over board seats")]
    [InlineData("Labour and unions strike truce over wage talks")]
    [InlineData("Banks and government agree lending truce")]
    public void Parse_ShippedWatches_IgnorePoliticalAndBusinessTruces(string title)
    {
        Assert.Empty(Match(title));
    }

    // The same words beside an armed conflict are cease-fire news again.
    [Theory]
    [InlineData("Rebels and army agree truce ahead of election")]
    [InlineData("Democrats urge Israel and Hamas to extend the truce")]
    [InlineData("Campaign of strikes resumes as truce collapses")]
    [InlineData("Labour MPs split over ceasefire vote")]
    public void Parse_ShippedWatches_KeepTrucesBesideArmedConflict(string title)
    {
        Assert.NotEmpty(Match(title));
    }

    // The guideline: rallies that only demand the hostages' release, and hostages freed from criminals, are not releases
    // by a party to a war.
    [Theory]
    [InlineData("Thousands rally in Jerusalem to demand release of Israeli hostages")]
    [InlineData("Police free hostages held by gunman at Russian school")]
    public void Parse_ShippedWatches_IgnoreRalliesAndCrimeHostageStories(string title)
    {
        Assert.DoesNotContain(Match(title), m => m.WatchId == "hostage-release");
    }

    // Outlets in other languages: their truce word makes the item cease-fire news.
    [Theory]
    [InlineData("Waffenruhe im Gazastreifen hält")]
    [InlineData("Le cessez-le-feu au Liban entre en vigueur")]
    [InlineData("Israel y Hamás acuerdan un alto el fuego")]
    [InlineData("Hamas accetta la tregua proposta dall'Egitto")]
    [InlineData("Rozejm na Bliskim Wschodzie")]
    [InlineData("240 dödade i Gaza trots vapenvila")]
    public void Parse_ShippedWatches_ReadTruceWordsInOtherLanguages(string title)
    {
        Assert.Contains(Match(title), m => m.WatchId == "ceasefire");
    }

    // While the war goes on, talks about Ukraine are about ending it; talks about money, trade or membership are not,
    // nor is a "negotiating position".
    [Theory]
    [InlineData("Latest round of Ukraine talks ends without a deal", true)]
    [InlineData("US and Ukrainian negotiators to meet in Geneva", true)]
    [InlineData("Ukraine and IMF open talks on a new loan", false)]
    [InlineData("Kyiv opens EU membership negotiations", false)]
    [InlineData("New missiles strengthen Kyiv's negotiating position", false)]
    public void Parse_ShippedWatches_UkraineTalks(string title, bool matched)
    {
        Assert.Equal(matched, Match(title).Any(m => m.WatchId == "ru-ua-talks"));
    }

    // A hostage's body received from the other side is a hand-over; one the army retrieves, or a hostage video, is not
    // (nor is an outlet's "… and Videos" name a video).
    [Theory]
    [InlineData("Israel receives body of hostage from Hamas in Gaza", true)]
    [InlineData("Israel prepares to receive its last living hostages held by Hamas", true)]
    [InlineData("Army says it has retrieved the remains of a hostage in Gaza", false)]
    [InlineData("Hamas releases video of Israeli hostage", false)]
    [InlineData("Hamas to hand over remains of two hostages - World News and Videos", true)]
    public void Parse_ShippedWatches_HostageHandOvers(string title, bool matched)
    {
        Assert.Equal(matched, Match(title).Any(m => m.WatchId is "hostage-remains" or "hostage-release"));
    }

    // Talks about the hostages between the warring sides are truce news (bargaining with kidnappers is not), and so is an
    // agreement to stop firing that never says "truce".
    [Theory]
    [InlineData("Israel sends negotiators to Doha for hostage talks with Hamas", true)]
    [InlineData("Iraq hostage talks drag on as kidnappers set deadline", false)]
    [InlineData("India and Pakistan agree to stop all firing along the border", true)]
    [InlineData("Army chief calls for talks with southern rebels", true)]
    [InlineData("Army launches offensive after Taliban talks fail", true)]
    public void Parse_ShippedWatches_HostageTalksAndAStopToFiring(string title, bool matched)
    {
        Assert.Equal(matched, Match(title).Count > 0);
    }

    // Truce news said without a truce word (peace conferences and dialogue, the warring parties at talks, a freeze, a
    // moratorium on strikes, a period of calm, an N-hour pause, a plan for peace, the two presidents meeting), and the
    // near misses that are not: a gas-war or subsidy truce, a studio contract truce, a swap of jailed citizens between
    // countries not at war, a truce that only dates the story, air raids with flights suspended.
    [Theory]
    [InlineData("Government and rebels open peace conference in the capital", true)]
    [InlineData("Army, separatists hold first peace dialogue in Oslo", true)]
    [InlineData("Sudan's warring parties resume talks in Cairo", true)]
    [InlineData("Both leaders to hold talks as border clashes spread", true)]
    [InlineData("Mediators finalise prisoners list for the next swap", true)]
    [InlineData("Envoy proposes freeze in fighting around the northern city", true)]
    [InlineData("Ukraine says Russia struck power plants despite moratorium on energy strikes", true)]
    [InlineData("Militant factions agree to extend the calm with Israel", true)]
    [InlineData("Civilians leave the enclave during 72-hour pause", true)]
    [InlineData("Arab League demands halt to assault on the refugee camp", true)]
    [InlineData("Brazil unveils plan for peace in Sudan", true)]
    [InlineData("Zelensky and Putin could meet in Istanbul, Turkey says", true)]
    [InlineData("Contact group on Ukraine meets in Minsk", true)]
    [InlineData("Russia and Ukraine agree truce in gas war", false)]
    [InlineData("Airbus and Boeing agree truce in subsidy dispute", false)]
    [InlineData("Hollywood studios and actors call truce in contract talks", false)]
    [InlineData("Journalist freed in US-Russia prisoner swap", false)]
    [InlineData("Three years after the ceasefire, a village rebuilds its school", false)]
    [InlineData("Missile strikes near the airport, flights suspended", false)]
    [InlineData("Rival gangs agree to stop the killings, bishop says", true)]
    [InlineData("General agrees to pull back troops from the province", true)]
    [InlineData("Two armies hold talks on disengagement along the border", true)]
    [InlineData("Shelling kills five despite Turkish-brokered deal", true)]
    [InlineData("Both sides free prisoners at the airport under Red Cross watch", true)]
    [InlineData("Russia and Georgia swap detainees at checkpoint", true)]
    [InlineData("Eritrea repatriates last POWs", true)]
    [InlineData("Monitors begin destroying rebel weapons", true)]
    [InlineData("Trump gives Putin 50 days to agree a ceasefire or face tariffs", true)]
    [InlineData("Company agrees to pull out of the market", false)]
    [InlineData("Dockworkers and port agree truce in pay dispute", false)]
    [InlineData("Centenary of the 1914 Christmas truce marked in Flanders", false)]
    [InlineData("US and Russia complete prisoner swap of jailed citizens", false)]
    [InlineData("Qatar hosts talks between the government and Darfur rebel groups", true)]
    [InlineData("Army orders strikes, accusing militants of breaching the deal", true)]
    [InlineData("Rebels seize a key town days after the cease-fire pledge", true)]
    [InlineData("Militia fires on army post for first time since truce", true)]
    [InlineData("Warlord accepts roadmap to end the conflict", true)]
    [InlineData("Prime minister calls early election weeks after the cease-fire", false)]
    [InlineData("First concert since the ceasefire draws crowds", false)]
    [InlineData("Labour rebels reach truce with leadership over welfare cuts", false)]
    [InlineData("Golf tours agree truce talks", false)]
    [InlineData("Streaming giant and broadcaster reach truce, restoring channels to subscribers", false)]
    [InlineData("Rebels and government return to the negotiating table", true)]
    [InlineData("Ukraine and Russia hold first direct talks in three years in Istanbul", true)]
    [InlineData("Astana talks on Syria end without agreement", true)]
    [InlineData("Officials meet in Jeddah for talks on the path to peace", true)]
    [InlineData("Militants agree to a seven-day reduction in violence", true)]
    [InlineData("Ukraine gets back 90 soldiers in swap with Russia", true)]
    [InlineData("Peacekeepers deploy to the corridor under the Moscow-brokered deal", true)]
    [InlineData("Mediator urges an immediate halt to the shelling", true)]
    [InlineData("Syrian president holds talks in Cairo on trade", false)]
    [InlineData("Afghan militants hold talks on kidnapped engineers", false)]
    [InlineData("Election observers arrive under new electoral law", false)]
    [InlineData("Coach and star player call truce at the club", false)]
    [InlineData("Refugees mark a year on from the ceasefire in a quiet camp", false)]
    [InlineData("Militia and army agree to stop attacking each other's positions", true)]
    [InlineData("Broadcasters agreed to pause legal action over rights fees", false)]
    public void Parse_ShippedWatches_TruceNewsWithoutATruceWord(string title, bool matched)
    {
        Assert.Equal(matched, Match(title).Count > 0);
    }

    /// <summary>The shipped watches (compiled once, <see cref="ShippedStages"/>) over a headline.</summary>
    private static IReadOnlyList<Core.Matching.WatchMatch> Match(string title) =>
        ShippedStages.Watches.Match(new NewsWatcher.Core.Parsing.Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch));

    private static string Read(string name) => File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", name));
}
