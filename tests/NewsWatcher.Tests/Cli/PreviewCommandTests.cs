using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>newswatcher preview</c>: how an editor sees a template change.</summary>
public sealed class PreviewCommandTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("preview");

    public PreviewCommandTests()
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(Path.Combine(config, "templates"));
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Preview_EditedTextTemplateAndBrokenHtmlTemplate_UsesEditAndReportsBreakWithLine()
    {
        File.WriteAllText(Path.Combine(_work, "config", "templates", "digest.txt.liquid"), "Custom: {{ digest.count }} stories for {{ digest.subscriber.name }}");
        File.WriteAllText(Path.Combine(_work, "config", "templates", "digest.html.liquid"), "<p>ok</p>\n<p>ok</p>\n{% if digest.count > 0 %}\n<p>never closed</p>\n");

        var result = await CliProcess.RunAsync(_work, "preview", "--out", "out");

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal("Custom: 6 stories for Ukraine desk", File.ReadAllText(Path.Combine(_work, "out", "digest.txt")));
        Assert.Matches(@"config/templates/digest\.html\.liquid:[34](:\d+)?: template error", result.Stdout + result.Stderr);
        var html = File.ReadAllText(Path.Combine(_work, "out", "digest.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Putin agrees to 30-day", html, StringComparison.Ordinal);
        Assert.Contains("subject: [NewsWatcher] Truce violated: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WithChromium_WritesBothScreenshotsAndLeavesNoFrameBehind()
    {
        if (NewsWatcher.Cli.Chromium.Find() is null)
        {
            Assert.Skip("Chromium is not installed (apt-get install -y chromium, or set $CHROMIUM); the screenshots need it.");
        }

        var result = await CliProcess.RunAsync(_work, "preview", "--out", "out");

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(
            ["digest-desktop.png", "digest-phone.png", "digest.eml", "digest.html", "digest.txt"],
            Directory.GetFiles(Path.Combine(_work, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("(the message at 390 px, a phone's width, in a 500 px image with a grey band)", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);
}
