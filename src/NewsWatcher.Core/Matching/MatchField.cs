namespace NewsWatcher.Core.Matching;

/// <summary>The article fields a query term can look at; unscoped terms look at the title and the summary.</summary>
internal enum MatchField : byte
{
    Title = 0,
    Summary = 1,
    Source = 2,
    Link = 3,
}
