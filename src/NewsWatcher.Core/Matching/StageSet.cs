using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// The compiled stage cues (config/stages.yaml): gives a matched article exactly one development stage and, where the
/// text names one, the party that did it.
/// </summary>
/// <remarks>
/// Every rule and every actor is compiled into one <see cref="WatchSet"/>, so the cues are read with the same
/// automaton, normalisation and NEAR windows as the watches, in one pass per article. All rules are evaluated; the
/// stage that ranks first in <see cref="Precedence"/> among those whose cue fired in the headline wins (the summary is
/// read only when no cue fires in the headline) (the guideline's "when two
/// current developments appear"), its first rule in file order explains it, and the other stages that fired are the
/// runners-up. With no cue fired the stage is <see cref="Fallback"/>, or, with <see cref="FallbackToWatches"/>, the
/// watch category that ranks first. Only matched articles are classified, so this adds nothing to unmatched ones.
/// </remarks>
public sealed class StageSet
{
    private const string ActorPrefix = "@actor:";

    private readonly WatchSet _set;
    private readonly Dictionary<string, StageRule> _rules;
    private readonly Dictionary<string, int> _rank;
    private readonly Dictionary<string, HashSet<string>> _leads;

    public StageSet(IReadOnlyList<StageRule> rules, IReadOnlyList<StageActor> actors, IReadOnlyList<string>? precedence = null, string fallback = StageNames.Other, bool fallbackToWatches = false, StageClaims? claims = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(actors);
        Rules = rules;
        Actors = actors;
        Precedence = precedence is { Count: > 0 } ? precedence : StageNames.Precedence;
        Fallback = fallback;
        FallbackToWatches = fallbackToWatches;
        Claims = claims ?? new StageClaims();
        _rank = Precedence.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        _rules = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _leads = rules.ToDictionary(r => r.Id, r => LeadTerms(r.Query).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var watches = rules
            .Select(r => new Watch(r.Id, r.Id, r.Stage, WatchPriority.Normal, r.Query, r.Line, r.Unless))
            .Concat(actors.Select(a => new Watch(ActorPrefix + a.Name, a.Name, StageNames.Other, WatchPriority.Normal, a.Terms, a.Line)))
            .ToList();
        _set = new WatchSet(watches);
    }

    /// <summary>No cues: every article shows the first-ranked category of the watches it matched (the behaviour before stages.yaml).</summary>
    public static StageSet WatchCategories { get; } = new([], [], fallbackToWatches: true);

    public IReadOnlyList<StageRule> Rules { get; }

    public IReadOnlyList<StageActor> Actors { get; }

    /// <summary>Stages, first wins when cues of several fire.</summary>
    public IReadOnlyList<string> Precedence { get; }

    /// <summary>The stage of an article on which no cue fired.</summary>
    public string Fallback { get; }

    /// <summary>With no cue fired, use the first-ranked category of the matched watches instead of <see cref="Fallback"/>.</summary>
    public bool FallbackToWatches { get; }

    /// <summary>When a decision is sure enough to be shown as its stage.</summary>
    public StageClaims Claims { get; }

    /// <summary>The stage of an article that <paramref name="matches"/> says is cease-fire news.</summary>
    public StageDecision Classify(Article article, IReadOnlyList<WatchMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(matches);

        // The stage is the development the headline leads with: the summary is read only when the headline fires no cue.
        var decision = Decide(string.IsNullOrEmpty(article.Summary) ? article : article with { Summary = string.Empty }, matches, summaryOnly: false);
        return decision.Rule is null && !string.IsNullOrEmpty(article.Summary) ? Decide(article, matches, summaryOnly: true) : decision;
    }

    private StageDecision Decide(Article article, IReadOnlyList<WatchMatch> matches, bool summaryOnly)
    {
        var fired = _set.Match(article);
        var candidates = new List<StageCandidate>();
        string? neutral = null;
        var mentions = new List<(string Actor, MatchedTerm Term)>();
        foreach (var match in fired)
        {
            if (match.WatchId.StartsWith(ActorPrefix, StringComparison.Ordinal))
            {
                mentions.AddRange(match.Terms.Where(t => !Speakers.IsSpeaker(article, t)).Select(t => (match.WatchName, t)));
                continue;
            }

            // A stage is explained by its strongest cue that fired (the first in file order among equals).
            var rule = _rules[match.WatchId];
            neutral ??= rule.Neutral ? rule.Id : null;
            var strength = rule.Strength;
            var same = candidates.FindIndex(c => c.Stage == match.Category);
            if (same < 0)
            {
                candidates.Add(new StageCandidate(match.Category, match.WatchId, match.Terms, strength));
            }
            else if (strength > candidates[same].Strength)
            {
                candidates[same] = new StageCandidate(match.Category, match.WatchId, match.Terms, strength);
            }
        }

        candidates.Sort((a, b) => Rank(a.Stage).CompareTo(Rank(b.Stage)));
        if (candidates.Count == 0)
        {
            return new StageDecision(FallbackStage(matches), null, null, []);
        }

        var winner = candidates[0];
        var runnersUp = candidates[1..];
        // A status cue (stage other) beside a development does not make the development less decisive.
        var contest = runnersUp.Where(r => r.Stage != StageNames.Other).Select(r => r.Strength).DefaultIfEmpty(0).Max();
        var score = Claims.Score(winner.Strength, summaryOnly, contest);
        if ((score < Claims.Threshold || neutral is not null) && winner.Stage != StageNames.Other)
        {
            return new StageDecision(StageNames.Other, null, winner, runnersUp, score, winner.Stage, summaryOnly, neutral);
        }

        var actor = StageNames.WithActor.Contains(winner.Stage, StringComparer.Ordinal) ? Actor(article, winner, _rules[winner.RuleId].ActorAfter, mentions) : null;
        return new StageDecision(winner.Stage, actor, winner, runnersUp, score, null, summaryOnly);
    }

    private int Rank(string stage) => _rank.TryGetValue(stage, out var rank) ? rank : int.MaxValue;

    private string FallbackStage(IReadOnlyList<WatchMatch> matches) =>
        FallbackToWatches && matches.Count > 0
            ? matches.Select(m => m.Category).Where(StageNames.IsKnown).MinBy(Rank) ?? Fallback
            : Fallback;

    /// <summary>
    /// The party named nearest before the cue ("Hamas accepts …", "…, Russia rejects it"), or nearest after it for rules
    /// that say so ("Kyiv accuses Moscow of …"); failing that, the agent of a passive after it ("… rejected by Hamas"),
    /// or for rules of the second kind the nearest before it.
    /// The cue is the first word the rule's leading part matched (the verb in "(accept* OR …) NEAR/6 @pact"), not the
    /// truce word it is anchored to.
    /// </summary>
    private string? Actor(Article article, StageCandidate winner, bool after, List<(string Actor, MatchedTerm Term)> mentions)
    {
        if (mentions.Count == 0 || winner.Terms.Count == 0)
        {
            return null;
        }

        var lead = _leads[winner.RuleId];
        var cue = winner.Terms.FirstOrDefault(t => lead.Contains(t.Term)) ?? winner.Terms[0];
        var cueEnd = cue.Start + cue.Length;
        (string Actor, int Start)? before = null;
        (string Actor, int Start)? following = null;
        foreach (var (name, term) in mentions)
        {
            if (term.Field != cue.Field || winner.Terms.Any(t => Overlaps(t, term)))
            {
                continue;
            }

            if (term.Start + term.Length <= cue.Start && (before is null || term.Start > before.Value.Start))
            {
                before = (name, term.Start);
            }
            // Named after the cue, a party is the doer only for rules that say so ("X accuses Y") or as a passive's agent
            // ("rejected by Hamas"): in "Rebels accept Egyptian truce proposal" Egypt made the proposal.
            else if (term.Start >= cueEnd && (following is null || term.Start < following.Value.Start) && (after || Speakers.IsAgentAfterBy(article, term)))
            {
                following = (name, term.Start);
            }
        }

        var (first, second) = after ? (following, before) : (before, following);
        return first?.Actor ?? second?.Actor;
    }

    /// <summary>The terms of a query's leading part: the left side of NEAR, the first operand of AND, every branch of OR.</summary>
    private static IEnumerable<string> LeadTerms(Query query) => query switch
    {
        TermQuery term => [term.Text],
        NearQuery near => LeadTerms(near.Left),
        AndQuery all => all.Operands.Where(o => o is not NotQuery).Take(1).SelectMany(LeadTerms),
        OrQuery any => any.Operands.SelectMany(LeadTerms),
        _ => [],
    };

    private static bool Overlaps(MatchedTerm a, MatchedTerm b) =>
        a.Field == b.Field && a.Start < b.Start + b.Length && b.Start < a.Start + a.Length;
}
