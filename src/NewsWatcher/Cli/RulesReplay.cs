using System.Globalization;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Cli;

/// <summary>
/// <c>rules replay</c>: replays labelled corpus headlines in time order through the watches, stage cues and truce
/// threads (<see cref="ThreadReplay"/>) and prints alerts per day with <c>alerts: articles</c> and <c>alerts: developments</c>.
/// </summary>
/// <remarks>
/// A row's time comes from its <c>source_file</c>: <c>news/YYYY/MM/DD/HH-MM.md</c> (Google News snapshots) or
/// <c>data/YYYYMMDD.pkl</c> (Reuters, one file per day: noon UTC, then a second per <c>source_row</c> to keep the
/// day's order). Rows with neither (the Al Jazeera, Google-search and Reddit sources) have no date and are left out,
/// counted on stderr. The feed is the outlet (the aggregator's " - Outlet" suffix, else the source prefix of the id).
/// </remarks>
internal static partial class RulesReplay
{
    private static readonly string[] RequiredColumns = ["id", "source_file", "source_row", "title", "description"];

    public static async Task<int> RunAsync(WatchSet watches, StageSet stages, ThreadRules threads, IReadOnlyList<string> inputs, int listed, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var articles = new List<Article>();
        var undated = 0;
        foreach (var input in inputs)
        {
            if (await LabelledTsv.ReadAsync(input, RequiredColumns, string.Empty, error, cancellationToken).ConfigureAwait(false) is not var (lines, columns))
            {
                return ExitCodes.Failed;
            }

            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var cells = line.TrimEnd('\r').Split('\t');
                string Cell(string column) => columns[column] < cells.Length ? cells[columns[column]] : string.Empty;
                if (TimeOf(Cell("source_file"), Cell("source_row")) is not { } published)
                {
                    undated++;
                    continue;
                }

                var id = Cell("id");
                var title = Cell("title");
                // An aggregator's row names its outlet in the title, as Google News does; the worker reads it from <source>.
                var outlet = Outlet(id, title);
                articles.Add(new Article(id, outlet, title, Cell("description"), null, published, Outlet: title.EndsWith(outlet, StringComparison.Ordinal) ? outlet : null));
            }
        }

        var result = ThreadReplay.Run(articles, watches, stages, threads, TimeSpan.FromDays(2));
        await output.WriteLineAsync("day\tarticles\tdevelopments").ConfigureAwait(false);
        foreach (var day in result.Days)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd}\t{day.Articles}\t{day.Developments}")).ConfigureAwait(false);
        }

        foreach (var thread in result.Threads.Take(listed))
        {
            var t = thread.Thread;
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"# {t.Name} [{t.Key}] {t.StartedAt:yyyy-MM-dd} – {t.LastDevelopmentAt:yyyy-MM-dd}: {thread.Reports.Count} articles, {t.Developments.Count} developments")).ConfigureAwait(false);
            foreach (var report in thread.Reports)
            {
                var mark = report.IsNewDevelopment ? "NEW " : "    ";
                var label = ThreadDevelopment.StageLabel(report.Stage) + (report.Actor is null ? "" : " — " + report.Actor);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {mark}{report.Article.Published:yyyy-MM-dd HH:mm}  {label,-28} {report.Article.Id}  {report.Article.Title}")).ConfigureAwait(false);
            }
        }

        var busiest = result.Days.Count == 0 ? null : result.Days.MaxBy(d => d.Articles);
        await error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"replayed {articles.Count} dated headlines ({undated} without a date left out) over {result.Days.Count} days with matches: alerts with articles {result.Articles}, with developments {result.Developments}; {result.Threads.Count} threads ({result.Threads.Count(t => t.Reports.Count > 1)} with more than one article); busiest day {busiest?.Day:yyyy-MM-dd}: {busiest?.Articles} → {busiest?.Developments}")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The row's publication time from its source file, or null when the path carries no date.</summary>
    public static DateTimeOffset? TimeOf(string sourceFile, string sourceRow)
    {
        ArgumentNullException.ThrowIfNull(sourceFile);
        if (Snapshot().Match(sourceFile) is { Success: true } snapshot)
        {
            return DateTimeOffset.ParseExact(snapshot.Groups[1].Value, "yyyy/MM/dd/HH-mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (DailyFile().Match(sourceFile) is { Success: true } daily)
        {
            var day = DateTimeOffset.ParseExact(daily.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var row = int.TryParse(sourceRow, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
            return day.AddHours(12).AddSeconds(Math.Min(row, 43_000));
        }

        return null;
    }

    private static string Outlet(string id, string title)
    {
        var dash = title.LastIndexOf(" - ", StringComparison.Ordinal);
        return id.StartsWith("gn-", StringComparison.Ordinal) && dash > 0 ? title[(dash + 3)..].Trim() : id.Split('-')[0];
    }

    [GeneratedRegex(@"(\d{4}/\d{2}/\d{2}/\d{2}-\d{2})\.md$", RegexOptions.CultureInvariant)]
    private static partial Regex Snapshot();

    [GeneratedRegex(@"(?:^|/)(\d{8})\.pkl$", RegexOptions.CultureInvariant)]
    private static partial Regex DailyFile();
}
