using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Stages;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Threads;

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

    private readonly WatchSet? _parties;

    public ThreadRules(IReadOnlyList<StageActor> actors, IReadOnlyList<NamedThread> named, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(named);
        Named = named;
        Window = window ?? DefaultWindow;
        _parties = actors.Count == 0
            ? null
            : new WatchSet([.. actors.Select(a => new Watch(ActorPrefix + a.Name, a.Name, StageNames.Other, WatchPriority.Normal, a.Terms, a.Line))]);
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

    /// <summary>The actors the headline names, or the summary when the headline names none.</summary>
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

        var scored = Named
            .Select(n => (Thread: n, Shared: n.Parties.Count(parties.Contains)))
            .Where(s => s.Shared > 0)
            .OrderByDescending(s => s.Shared)
            .ToList();
        if (scored.Count > 0 && (scored.Count == 1 || scored[0].Shared > scored[1].Shared))
        {
            return new ThreadConflict("named:" + scored[0].Thread.Id, scored[0].Thread.Name);
        }

        // Parties in a named conflict tied: they name the sides only with another party beside them.
        return parties.Count >= 2 ? new ThreadConflict("parties:" + string.Join('+', parties.Order(StringComparer.Ordinal)), null) : null;
    }

    private HashSet<string> Names(Article article) =>
        _parties!.Match(article).Select(m => m.WatchName).ToHashSet(StringComparer.Ordinal);
}
