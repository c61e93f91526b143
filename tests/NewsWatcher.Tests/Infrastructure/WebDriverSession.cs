using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsWatcher.Cli;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// Headless Chromium driven through chromedriver's W3C WebDriver protocol (plain HTTP + JSON), for tests that click.
/// Debian packages: <c>chromium</c> and <c>chromium-driver</c>.
/// </summary>
internal sealed class WebDriverSession : IAsyncDisposable
{
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";

    private readonly Process _driver;
    private readonly HttpClient _client;
    private readonly string _session;

    private WebDriverSession(Process driver, HttpClient client, string session)
    {
        _driver = driver;
        _client = client;
        _session = session;
    }

    /// <summary>chromedriver's path from $CHROMEDRIVER or the PATH; null when it is not installed.</summary>
    public static string? FindDriver()
    {
        if (Environment.GetEnvironmentVariable("CHROMEDRIVER") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromedriver"))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<WebDriverSession> StartAsync(string browser, string driverPath, CancellationToken cancellationToken)
    {
        var port = TestSmtpServer.UnusedPort();
        var start = new ProcessStartInfo(driverPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--port={port}");
        var driver = Process.Start(start) ?? throw new InvalidOperationException("chromedriver did not start");
        _ = driver.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = driver.StandardError.ReadToEndAsync(cancellationToken);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            // Wait for the driver to listen (it reports ready on /status).
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var status = await client.GetFromJsonAsync<JsonElement>("status", cancellationToken);
                    if (status.GetProperty("value").GetProperty("ready").GetBoolean())
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (driver.HasExited)
                {
                    throw new InvalidOperationException($"chromedriver exited with code {driver.ExitCode}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }

            // No sandbox: CI runs as root, where Chromium's sandbox cannot start.
            var capabilities = new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["browserName"] = "chrome",

                        // Finding an element waits (up to 10 s) for it to exist, e.g. while the next page loads.
                        ["timeouts"] = new JsonObject { ["implicit"] = 10_000, ["pageLoad"] = 60_000 },
                        ["goog:chromeOptions"] = new JsonObject
                        {
                            ["binary"] = browser,
                            ["args"] = new JsonArray("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--window-size=800,1200"),
                        },
                    },
                },
            };
            var created = await SendAsync(client, HttpMethod.Post, "session", capabilities, cancellationToken);
            return new WebDriverSession(driver, client, created.GetProperty("sessionId").GetString()!);
        }
        catch
        {
            client.Dispose();
            driver.Kill(entireProcessTree: true);
            driver.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(_client, HttpMethod.Post, $"session/{_session}/url", new JsonObject { ["url"] = url.AbsoluteUri }, cancellationToken);

    /// <summary>Clicks the element matching <paramref name="css"/>; a form submit waits for the next page (WebDriver's navigation wait).</summary>
    public async Task ClickAsync(string css, CancellationToken cancellationToken)
    {
        var element = await FindAsync(css, cancellationToken);
        await SendAsync(_client, HttpMethod.Post, $"session/{_session}/element/{element}/click", new JsonObject(), cancellationToken);
    }

    /// <summary>
    /// Clicks a button that submits a form, then waits until the page it was on is gone (the clicked element is stale),
    /// so the next lookup reads the page the server answered with, not the one the click left.
    /// </summary>
    public async Task SubmitAsync(string css, CancellationToken cancellationToken)
    {
        var element = await FindAsync(css, cancellationToken);
        await SendAsync(_client, HttpMethod.Post, $"session/{_session}/element/{element}/click", new JsonObject(), cancellationToken);

        // Bounded only so that a form that never navigates fails the test instead of hanging it.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        var lastError = "none";
        while (true)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Clicking {css} did not lead to another page within 60 s (last answer: {lastError})");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, $"session/{_session}/element/{element}/name");
            using var response = await _client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var value = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("value");
                var error = value.GetProperty("error").GetString();
                if (error is "stale element reference" or "no such element")
                {
                    return;
                }

                // Mid-navigation chromedriver may answer "unknown error" (the old document's context is going away): ask again.
                lastError = $"{error}: {value.GetProperty("message").GetString()}";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public async Task<bool> IsCheckedAsync(string css, CancellationToken cancellationToken)
    {
        var element = await FindAsync(css, cancellationToken);
        return (await SendAsync(_client, HttpMethod.Get, $"session/{_session}/element/{element}/property/checked", null, cancellationToken)).GetBoolean();
    }

    public async Task<string> TextAsync(string css, CancellationToken cancellationToken)
    {
        var element = await FindAsync(css, cancellationToken);
        return (await SendAsync(_client, HttpMethod.Get, $"session/{_session}/element/{element}/text", null, cancellationToken)).GetString() ?? "";
    }

    public async Task<string> UrlAsync(CancellationToken cancellationToken) =>
        (await SendAsync(_client, HttpMethod.Get, $"session/{_session}/url", null, cancellationToken)).GetString() ?? "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(_client, HttpMethod.Delete, $"session/{_session}", null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
        }

        _client.Dispose();
        if (!_driver.HasExited)
        {
            _driver.Kill(entireProcessTree: true);
        }

        _driver.Dispose();
    }

    private async Task<string> FindAsync(string css, CancellationToken cancellationToken)
    {
        var found = await SendAsync(_client, HttpMethod.Post, $"session/{_session}/element", new JsonObject { ["using"] = "css selector", ["value"] = css }, cancellationToken);
        return found.GetProperty(ElementKey).GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // A sized body: chromedriver does not read chunked requests.
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var value = json.GetProperty("value");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)response.StatusCode} {value}");
        }

        return value.Clone();
    }

    /// <summary>Both programs, or a skip naming what is missing.</summary>
    public static (string Browser, string Driver) FindOrSkip()
    {
        var browser = Chromium.Find();
        var driver = FindDriver();
        if (browser is null || driver is null)
        {
            Assert.Skip("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver, or set $CHROMIUM and $CHROMEDRIVER); CI installs them.");
        }

        return (browser, driver);
    }
}
