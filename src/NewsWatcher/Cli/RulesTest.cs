using System.Globalization;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Cli;

/// <summary><c>rules test</c>: shows which watches an article matches and why.</summary>
internal static class RulesTest
{
    /// <summary>Largest feed body read from a URL; as generous as the worker's default.</summary>
    private const int MaxFeedBytes = 10 * 1024 * 1024;

    /// <summary>How long a feed URL may take to download.</summary>
    private static readonly TimeSpan DownloadLimit = TimeSpan.FromSeconds(30);

    public static async Task<int> RunTextAsync(WatchSet watches, StageSet stages, string title, string summary, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(output);
        var article = new Article("text", "text", title, summary, null, DateTimeOffset.UnixEpoch);
        var matches = watches.Match(article);
        if (matches.Count == 0)
        {
            await output.WriteLineAsync("no watch matches").ConfigureAwait(false);
            return 0;
        }

        await WriteAsync(output, article, matches, stages, stages.Classify(article, matches)).ConfigureAwait(false);
        return 0;
    }

    /// <param name="time">The clock: articles without a date are given its time, and a URL's download has a limit on it.</param>
    public static async Task<int> RunFeedAsync(
        WatchSet watches, StageSet stages, string feed, string configDirectory, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        byte[] content;
        Uri? baseUri = null;
        try
        {
            if (Uri.TryCreate(feed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                using var limit = new CancellationTokenSource(DownloadLimit, time);
                using var download = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
                using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxFeedBytes };
                content = await http.GetByteArrayAsync(uri, download.Token).ConfigureAwait(false);
                baseUri = uri;
            }
            else
            {
                var path = File.Exists(feed) ? feed : Path.Combine(configDirectory, feed);
                content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await error.WriteLineAsync($"error: cannot read feed {feed}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var parsed = FeedParser.Parse(content, "feed", time.GetUtcNow(), baseUri);
        if (!parsed.Succeeded)
        {
            await error.WriteLineAsync($"error: cannot parse feed {feed}: {parsed.Error}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var matched = 0;
        foreach (var article in parsed.Articles)
        {
            var matches = watches.Match(article);
            if (matches.Count > 0)
            {
                matched++;
                await WriteAsync(output, article, matches, stages, stages.Classify(article, matches)).ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"{matched} of {parsed.Articles.Count} articles matched").ConfigureAwait(false);
        return 0;
    }

    private static async Task WriteAsync(TextWriter output, Article article, IReadOnlyList<WatchMatch> matches, StageSet stages, StageDecision stage)
    {
        await output.WriteLineAsync(article.Title).ConfigureAwait(false);
        if (article.Link is not null)
        {
            await output.WriteLineAsync($"  link: {article.Link}").ConfigureAwait(false);
        }

        if (stage.Rule is { } rule)
        {
            var strength = stage.Strength.ToString("0.00", CultureInfo.InvariantCulture);
            var where = stage.FromSummary ? ", in the summary only" : string.Empty;
            await output.WriteLineAsync(stage switch
            {
                { Withheld: { } withheld, WithheldBy: { } by } => $"  stage: {stage} (neutral: rule {rule.RuleId} says {withheld} at strength {strength}{where}, but rule {by} reads the headline as asking or explaining, not reporting)",
                { Withheld: { } withheld } => $"  stage: {stage} (neutral: rule {rule.RuleId} says {withheld} at strength {strength}{where}, below the claims threshold {stages.Claims.Threshold.ToString("0.00", CultureInfo.InvariantCulture)})",
                _ => $"  stage: {stage} (rule {rule.RuleId}, strength {strength}{where})",
            }).ConfigureAwait(false);
            foreach (var line in MatchExplainer.Explain(article, AsMatch(rule)))
            {
                await output.WriteLineAsync($"    {line}").ConfigureAwait(false);
            }

            var beaten = stage.RunnersUp.Select(r => $"{r.Stage} (rule {r.RuleId}: {string.Join(", ", r.Terms.Select(t => t.Term).Distinct())})");
            await output.WriteLineAsync($"    runners-up: {(stage.RunnersUp.Count == 0 ? "none" : string.Join("; ", beaten))}").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"  stage: {stage} (no stage cue fired; the fallback)").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  categories: {string.Join(", ", matches.Select(m => m.Category).Distinct())}").ConfigureAwait(false);
        foreach (var match in matches)
        {
            var priority = match.Priority == WatchPriority.Urgent ? ", urgent" : string.Empty;
            await output.WriteLineAsync($"  watch {match.WatchId} ({match.Category}{priority}): {match.WatchName}").ConfigureAwait(false);
            foreach (var line in MatchExplainer.Explain(article, match))
            {
                await output.WriteLineAsync($"    {line}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private static WatchMatch AsMatch(StageCandidate rule) => new(rule.RuleId, rule.RuleId, rule.Stage, WatchPriority.Normal, rule.Terms);
}
