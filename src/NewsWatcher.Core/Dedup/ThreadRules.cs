using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// Which conflict a matched article is about, from the parties it names (the <c>actors:</c> of stages.yaml) and the
/// conflicts editors named (<c>threads:</c>), and how long a thread stays open after its last development.
/// </summary>
/// <remarks>
/// An article's parties are the actors its headline names (its summary only when the headline names none). A named
/// conflict claims the article when it shares more parties with it than any other named conflict: "Kremlin accepts US
/// plan" (Russia, United States) is Russia–Ukraine news although it names only one side, and a mediator named nowhere
/// in the section (Qatar, the United States) does not change the conflict. When two named conflicts tie ("Israel accepts
/// truce" with Israel–Hamas and Israel–Hezbollah named) or no named conflict shares a party, two or more parties make
/// a conflict of their own (their sorted names); fewer cannot tell it, and the article joins by story similarity.
/// </remarks>
public sealed class ThreadRules
{
    /// <summary>How long a thread stays open after its last development when editors set nothing.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    private const string ActorPrefix = "@party:";

    /// <summary>Marks a named conflict's own terms among the parties found; they count for that conflict only.</summary>
    private const string PlacePrefix = "@thread:";

    private readonly WatchSet? _parties;

    public ThreadRules(IReadOnlyList<StageActor> actors, IReadOnlyList<NamedThread> named, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(named);
        Named = named;
        Window = window ?? DefaultWindow;
        var watches = actors.Select(a => new Watch(ActorPrefix + a.Name, a.Name, StageNames.Other, WatchPriority.Normal, a.Terms, a.Line))
            .Concat(named.Where(n => n.Terms is not null).Select(n => new Watch(PlacePrefix + n.Id, PlacePrefix + n.Id, StageNames.Other, WatchPriority.Normal, n.Terms!, n.Line)))
            .ToList();
        _parties = watches.Count == 0 ? null : new WatchSet(watches);
    }

    /// <summary>No actors, nothing named: every article joins by story similarity, with the default window.</summary>
    public static ThreadRules None { get; } = new([], []);

    public IReadOnlyList<NamedThread> Named { get; }

    /// <summary>A thread closes when no new development arrives for this long; the next one starts a new thread.</summary>
    public TimeSpan Window { get; }

    /// <summary>The facts threading needs about a matched article.</summary>
    public ThreadFacts Facts(Article article, StageDecision stage)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(stage);
        return new ThreadFacts(ConflictOf(PartiesOf(article)), stage.Stage, stage.Actor, Window);
    }

    /// <summary>The actors the headline names (and "@thread:id" for a named conflict's own terms), or the summary's when the headline names none.</summary>
    public IReadOnlySet<string> PartiesOf(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (_parties is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var headline = Names(article with { Summary = string.Empty });
        return headline.Count > 0 || string.IsNullOrEmpty(article.Summary) ? headline : Names(article);
    }

    /// <summary>The conflict these parties make (see the remarks); null when they cannot tell one.</summary>
    public ThreadConflict? ConflictOf(IReadOnlySet<string> parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        if (parties.Count == 0)
        {
            return null;
        }

        // Shared parties first, then the share of the conflict's own sides named ("Syria" alone is all of Syria's, half of Russia–Ukraine's).
        var scored = Named
            .Select(n => (Thread: n, Shared: n.Parties.Count(parties.Contains) + (parties.Contains(PlacePrefix + n.Id) ? 1 : 0), Sides: Math.Max(1, n.Parties.Count)))
            .Where(s => s.Shared > 0)
            .OrderByDescending(s => s.Shared)
            .ThenByDescending(s => (double)s.Shared / s.Sides)
            .ToList();
        if (scored.Count > 0 && (scored.Count == 1 || scored[0].Shared > scored[1].Shared || scored[0].Shared * scored[1].Sides > scored[1].Shared * scored[0].Sides))
        {
            return new ThreadConflict("named:" + scored[0].Thread.Id, scored[0].Thread.Name);
        }

        // Named conflicts tied: the parties name the sides only with another party beside them.
        var actors = parties.Where(p => !p.StartsWith(PlacePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return actors.Count >= 2 ? new ThreadConflict("parties:" + string.Join('+', actors), null) : null;
    }

    private HashSet<string> Names(Article article) =>
        _parties!.Match(article).Select(m => m.WatchName).ToHashSet(StringComparer.Ordinal);
}
