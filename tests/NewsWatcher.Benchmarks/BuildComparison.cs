using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// <c>--cpu --against-build DIR</c>: the product as it is (engine and rules) against the product at another commit, in
/// one process. DIR is a checkout of that commit with its benchmark built; its NewsWatcher.Core is loaded beside ours in
/// a load context of its own and given the same articles and the same generated watches (each side's from its own
/// lists), and the two are timed pair by pair as <see cref="RulesComparison"/> times two rule folders. A change that
/// makes the engine faster counts here; in <c>--against</c> it speeds both sides alike.
/// </summary>
internal static class BuildComparison
{
    public static void Run(string checkout, IReadOnlyList<Article> articles, StageSet ourStages, TextWriter output)
    {
        var bin = Path.Combine(checkout, "tests", "NewsWatcher.Benchmarks", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(bin, "NewsWatcher.Core.dll")))
        {
            throw new InvalidOperationException($"no build in {bin}: run dotnet build -c Release {Path.Combine(checkout, "tests", "NewsWatcher.Benchmarks")} first");
        }

        var theirs = new TheirCore(bin);
        var theirConfig = Path.Combine(checkout, "config");
        var theirArticles = articles.Select(theirs.Article).ToList();
        var theirStages = theirs.Stages(theirConfig);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# this build and its rules (ours) against the build and rules in {checkout} (theirs), {articles.Count} articles, thread CPU time"));
        foreach (var count in (int[])[10, 100, 1000])
        {
            var ours = Side.Of(new WatchSet(BenchmarkCorpus.Watches(count)), ourStages, typeof(Article));
            var their = Side.Of(theirs.WatchSet(BenchmarkCorpus.WatchesYaml(count, theirConfig), count), theirStages, theirs.ArticleType);
            var matching = RulesComparison.Compare(() => RulesComparison.Round(theirArticles, their.Match), () => RulesComparison.Round(articles, ours.Match));
            var staging = RulesComparison.Compare(() => RulesComparison.Round(theirArticles, their.MatchAndStage), () => RulesComparison.Round(articles, ours.MatchAndStage));
            RulesComparison.Report(output, count, matching, staging);
        }
    }

    /// <summary>
    /// One side's work as delegates compiled from expression trees, the same way for both sides, so neither pays for
    /// reflection or a different call path: a.Match(article).Count, and the stage's label length of a matched one.
    /// </summary>
    private sealed record Side(Func<object, int> Match, Func<object, int> MatchAndStage)
    {
        public static Side Of(object watchSet, object stageSet, Type articleType)
        {
            var input = Expression.Parameter(typeof(object), "article");
            var article = Expression.Variable(articleType, "typed");
            var matchMethod = watchSet.GetType().GetMethod("Match")!;
            var matches = Expression.Variable(matchMethod.ReturnType, "matches");
            var count = Expression.Property(matches, typeof(IReadOnlyCollection<>).MakeGenericType(matches.Type.GetGenericArguments()).GetProperty("Count")!);
            var match = Expression.Assign(matches, Expression.Call(Expression.Constant(watchSet), matchMethod, article));
            var cast = Expression.Assign(article, Expression.Convert(input, articleType));
            var matchOnly = Expression.Block([article, matches], cast, match, count);
            var classify = Expression.Call(Expression.Constant(stageSet), stageSet.GetType().GetMethod("Classify")!, article, matches);
            var label = Expression.Property(Expression.Property(classify, "Stage"), "Length");
            var staged = Expression.Block(
                [article, matches],
                cast,
                match,
                Expression.Condition(Expression.GreaterThan(count, Expression.Constant(0)), label, Expression.Constant(0)));
            return new Side(
                Expression.Lambda<Func<object, int>>(matchOnly, input).Compile(),
                Expression.Lambda<Func<object, int>>(staged, input).Compile());
        }
    }

    /// <summary>The other build's NewsWatcher.Core, reached by reflection through the few public entry points the benchmark uses.</summary>
    private sealed class TheirCore
    {
        private readonly Assembly _core;
        private readonly ConstructorInfo _article;

        public TheirCore(string bin)
        {
            _core = new BuildContext(Path.Combine(bin, "NewsWatcher.Benchmarks.dll")).LoadFromAssemblyPath(Path.Combine(bin, "NewsWatcher.Core.dll"));
            ArticleType = Type("Article");

            // (id, feed, title, summary, link, published, …): the fields matching reads, whatever was added after them.
            _article = ArticleType.GetConstructors().Where(c => c.GetParameters().Length >= 6).MinBy(c => c.GetParameters().Length)!;
        }

        public Type ArticleType { get; }

        public object Article(Article ours)
        {
            var parameters = _article.GetParameters();
            var values = new object?[parameters.Length];
            (values[0], values[1], values[2], values[3], values[4], values[5]) = (ours.Id, ours.FeedId, ours.Title, ours.Summary, ours.Link, ours.Published);
            for (var i = 6; i < values.Length; i++)
            {
                values[i] = parameters[i].DefaultValue;
            }

            return _article.Invoke(values);
        }

        /// <summary>Their WatchSet over the watches their parser reads from <paramref name="yaml"/>, the same slice <see cref="BenchmarkCorpus.Take"/> takes.</summary>
        public object WatchSet(string yaml, int count)
        {
            var all = ((System.Collections.IEnumerable)Type("WatchesFile").GetMethod("ParseWatches")!.Invoke(null, [yaml, "watches.yaml"])!).Cast<object>().ToList();
            var taken = BenchmarkCorpus.Take(all, count);
            var watches = Array.CreateInstance(Type("Watch"), taken.Count);
            for (var i = 0; i < taken.Count; i++)
            {
                watches.SetValue(taken[i], i);
            }

            return Activator.CreateInstance(Type("WatchSet"), watches)!;
        }

        public object Stages(string configFolder)
        {
            var lists = Type("WatchesFile").GetMethod("ParseLists")!
                .Invoke(null, [File.ReadAllText(Path.Combine(configFolder, "watches.yaml")), "watches.yaml"]);
            return Type("StagesFile").GetMethod("Parse")!
                .Invoke(null, [File.ReadAllText(Path.Combine(configFolder, "stages.yaml")), "stages.yaml", lists])!;
        }

        // By simple name: the folder (and so the namespace) of a type differs between builds.
        private Type Type(string name) =>
            _core.GetTypes().Single(t => t.IsPublic && t.Name == name && t.Namespace?.StartsWith("NewsWatcher.Core", StringComparison.Ordinal) == true);
    }

    /// <summary>Loads the other build's assemblies from its own folder; the framework comes from the shared one.</summary>
    private sealed class BuildContext(string mainAssembly) : AssemblyLoadContext("build under comparison")
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
