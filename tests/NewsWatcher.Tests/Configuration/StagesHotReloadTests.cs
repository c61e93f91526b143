using Microsoft.Extensions.Logging.Abstractions;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

/// <summary>stages.yaml is read with the editor files, reported by check, and reloaded like watches.yaml: a broken save keeps the last good cues.</summary>
public sealed class StagesHotReloadTests : IDisposable
{
    private const string Watches = "lists:\n  truce: [truce*, ceasefire]\nwatches:\n  - {id: w, name: W, category: talks, query: \"@truce\"}\n";

    private readonly string _config = TempDirectory.Create("stages-reload");

    public StagesHotReloadTests()
    {
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [w], digest: hourly, timezone: UTC}\n");
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches);
    }

    [Fact]
    public void Load_WithoutStagesFile_StageIsTheWatchCategory()
    {
        var config = EditorConfigLoader.Load(_config);

        Assert.Equal("talks", Stage(config, "Truce holds"));
    }

    [Fact]
    public void Load_BrokenStagesFile_ReportsLineAndColumn()
    {
        File.WriteAllText(Path.Combine(_config, "stages.yaml"), "rules:\n  - id: a\n    stage: violation\n    query: broken NEAR/3 @truse\n");

        var ex = Assert.Throws<ConfigException>(() => EditorConfigLoader.Load(_config));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("stages.yaml", 4, 26), (Path.GetFileName(error.File), error.Line, error.Column));
        Assert.Equal("unknown list '@truse' (did you mean '@truce'?)", error.Message);
    }

    [Fact]
    public void ReloadIfChanged_StagesSaved_NewCuesApply_BrokenSaveKeepsLastGood()
    {
        File.WriteAllText(Path.Combine(_config, "stages.yaml"), "rules:\n  - {id: broken, stage: violation, query: broken NEAR/3 @truce}\n");
        var reloads = new List<bool>();
        var provider = new EditorConfigProvider(_config, EditorConfigLoader.Load(_config), TimeProvider.System, NullLogger<EditorConfigProvider>.Instance, reloaded: (applied, _) => reloads.Add(applied));
        Assert.Equal("violation", Stage(Reload(provider), "Truce broken overnight"));
        Assert.Equal("other", Stage(Reload(provider), "Truce holds"));

        File.WriteAllText(Path.Combine(_config, "stages.yaml"), "fallback: talks\nrules:\n  - {id: holds, stage: other, query: holds NEAR/2 @truce}\n");
        var saved = Reload(provider);
        Assert.Equal("talks", Stage(saved, "Truce broken overnight"));
        Assert.Equal("other", Stage(saved, "Truce holds"));

        File.WriteAllText(Path.Combine(_config, "stages.yaml"), "rules:\n  - {id: x, stage: truce-ish, query: (holds}\n");
        var broken = Reload(provider);
        Assert.Same(saved.Stages, broken.Stages);

        // A watches.yaml save that drops a list the cues use keeps the last good cues too (and the new watches).
        File.WriteAllText(Path.Combine(_config, "stages.yaml"), "rules:\n  - {id: hold, stage: other, query: holds NEAR/2 @truce}\n");
        var fixedStages = Reload(provider);
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), "watches:\n  - {id: w, name: W, category: talks, query: truce OR ceasefire}\n");
        var listless = Reload(provider);
        Assert.NotSame(fixedStages.Watches, listless.Watches);
        Assert.Same(fixedStages.Stages, listless.Stages);
        Assert.Equal([true, false, true, true, false], reloads);

        // A watches.yaml save the cues can live with rebuilds them silently: one reload counted, for watches.yaml.
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches);
        var rebuilt = Reload(provider);
        Assert.NotSame(listless.Stages, rebuilt.Stages);
        Assert.Equal("other", Stage(rebuilt, "Truce holds"));
        Assert.Equal([true, false, true, true, false, true], reloads);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_config);

    private static EditorConfig Reload(EditorConfigProvider provider)
    {
        provider.ReloadIfChanged();
        return provider.Current;
    }

    private static string Stage(EditorConfig config, string title)
    {
        var article = new Article("a", "world", title, string.Empty, null, DateTimeOffset.UnixEpoch);
        return config.Stages.Classify(article, config.Watches.Match(article)).Stage;
    }
}
