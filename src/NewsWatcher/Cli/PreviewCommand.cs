using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Cli;

/// <summary>
/// The <c>preview</c> command: renders a sample digest through the configured templates to a folder (HTML, text, .eml)
/// and, when Chromium is installed, screenshots it at phone and desktop widths, so an editor sees a template change.
/// </summary>
internal sealed class PreviewCommand : VerbCommand
{
    public const int PhoneWidth = 390;
    public const int DesktopWidth = 1280;

    /// <summary>Headless Chromium's narrowest window: the phone-width message sits in an image this wide.</summary>
    public const int PhoneShotWidth = 500;

    /// <summary>The channels <c>--channel</c> takes, as typed.</summary>
    private static readonly string[] ChannelNames = [.. ChannelKinds.All.Select(k => k.Name)];

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "The folder to write to",
        HelpName = "DIR",
        DefaultValueFactory = _ => new DirectoryInfo("preview"),
    };

    private readonly Option<ChannelKind?> _channel = new("--channel")
    {
        Description = "Write the request bodies that chat or webhook channel would be sent instead of the email",
        HelpName = string.Join('|', ChannelNames),
        CustomParser = result =>
        {
            var typed = result.Tokens[0].Value;
            var kind = ChannelKinds.All.FirstOrDefault(k => string.Equals(k.Name, typed, StringComparison.OrdinalIgnoreCase));
            if (kind is null)
            {
                result.AddError($"--channel '{typed}' must be {string.Join(", ", ChannelNames[..^1])} or {ChannelNames[^1]}{Suggestions.DidYouMean(typed, ChannelNames)}");
            }

            return kind;
        },
    };

    public PreviewCommand(GlobalOptions global, CliContext context)
        : base("preview", "Render a sample digest through the templates (HTML, text, .eml), with phone and desktop screenshots when Chromium is installed.", global, context, readsSettings: true)
    {
        Options.Add(_out);
        Options.Add(_channel);
        SetAction(parse => CliHost.RunAsync(Start(parse), scheduled: false, (host, _, _) =>
            RunAsync(host.Services, parse.GetRequiredValue(_out), parse.GetValue(_channel), context.Output, CancellationToken.None)));
    }

    public static async Task<int> RunAsync(IServiceProvider services, DirectoryInfo outFolder, ChannelKind? channel, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(outFolder);
        ArgumentNullException.ThrowIfNull(output);
        var folder = outFolder.FullName;
        Directory.CreateDirectory(folder);
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var subscribers = services.GetRequiredService<EditorConfigProvider>().Current.Subscribers;
        var subscriber = SampleSubscriber(subscribers);
        if (channel is { } kind)
        {
            return await PreviewChannelAsync(services, subscriber, kind, folder, now, output, cancellationToken).ConfigureAwait(false);
        }

        var message = services.GetRequiredService<DigestMessageBuilder>().Build("preview", new Route(subscriber), OutboxKind.Digest, SampleItems(now), now);

        var html = Path.Combine(folder, "digest.html");
        var htmlBody = message.HtmlBody ?? "";
        await File.WriteAllTextAsync(html, htmlBody, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "digest.txt"), message.TextBody, cancellationToken).ConfigureAwait(false);
        await message.WriteToAsync(Path.Combine(folder, "digest.eml"), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"subject: {message.Subject}");
        output.WriteLine($"wrote {html}, digest.txt and digest.eml");

        var browser = Chromium.Find();
        if (browser is null)
        {
            output.WriteLine("no screenshots: install Chromium (apt-get install chromium) or set $CHROMIUM");
            return 0;
        }

        // The frame is only the phone screenshot's page: it goes once taken, so the folder holds what the output names.
        var frame = Path.Combine(folder, "digest-phone-frame.html");
        try
        {
            await File.WriteAllTextAsync(frame, Frame(htmlBody, PhoneWidth), cancellationToken).ConfigureAwait(false);
            await Chromium.RunAsync(browser, frame, PhoneShotWidth, 2400, [$"--screenshot={Path.Combine(folder, "digest-phone.png")}"], time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(frame);
        }

        await Chromium.RunAsync(browser, html, DesktopWidth, 1800, [$"--screenshot={Path.Combine(folder, "digest-desktop.png")}"], time, cancellationToken).ConfigureAwait(false);
        output.WriteLine(
            $"screenshots: {Path.Combine(folder, "digest-phone.png")} (the message at {PhoneWidth} px, a phone's width, in a {PhoneShotWidth} px image with a grey band), " +
            $"{Path.Combine(folder, "digest-desktop.png")} ({DesktopWidth} px)");
        return 0;
    }

    /// <summary>
    /// <c>preview --channel KIND</c> (any of <see cref="ChannelKinds"/>): the request bodies that channel would be sent for the sample
    /// digest, one file per request, for the first subscriber with such a channel (or a made-up one).
    /// </summary>
    private static async Task<int> PreviewChannelAsync(
        IServiceProvider services, Subscriber fallback, ChannelKind kind, string folder, DateTimeOffset now, TextWriter output, CancellationToken cancellationToken)
    {
        var channelName = kind.Name;
        var route = services.GetRequiredService<EditorConfigProvider>().Current.Routes.FirstOrDefault(r => r.Channel?.Kind == kind)
            ?? new Route(fallback, new ChannelSettings(channelName, kind, 0) { ChatId = "-1001234567890", Topic = "newswatcher", Url = new Uri("https://hooks.example.org/newswatcher") });
        var parts = services.GetRequiredService<ChannelMessageBuilder>().Render("preview", route, OutboxKind.Digest, SampleItems(now), now);
        for (var i = 0; i < parts.Count; i++)
        {
            var file = Path.Combine(folder, parts.Count == 1 ? $"{channelName}.json" : $"{channelName}-{i + 1}.json");
            await File.WriteAllTextAsync(file, parts[i], cancellationToken).ConfigureAwait(false);
            output.WriteLine($"wrote {file}");
        }

        output.WriteLine($"{route.Label}: {parts.Count} request(s){ChannelTransports.For(kind).PreviewNote("preview")}");
        return 0;
    }

    /// <summary>
    /// Headless Chromium's window is never narrower than about 500 px, so a phone screen is an iframe of that width
    /// holding the message (srcdoc: same origin, so a script in <paramref name="script"/> may inspect it).
    /// </summary>
    public static string Frame(string messageHtml, int width, string script = "") =>
        $"""
        <!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#777777;">
        <iframe id="message" style="display:block;width:{width}px;height:2400px;border:0;background:#ffffff;" srcdoc="{WebUtility.HtmlEncode(messageHtml)}"></iframe>
        {script}
        </body></html>
        """;

    /// <summary>The first subscriber of the file, or a made-up reader when it has none.</summary>
    public static Subscriber SampleSubscriber(IReadOnlyList<Subscriber> subscribers) =>
        subscribers.Count > 0
            ? subscribers[0]
            : new Subscriber("reader@example.org", "reader@example.org", "Reader", ["*"], DigestCadence.DailyAt(new TimeOnly(7, 0)), TimeZoneInfo.Utc, ImmediateUrgent: true);

    /// <summary>A digest's worth of typical items: every stage, actors, a clustered story, Cyrillic text, long words and links.</summary>
    public static IReadOnlyList<DigestItem> SampleItems(DateTimeOffset now)
    {
        DigestItem Item(string id, string feed, string title, string summary, int minutesAgo, string watchId, string watchName, string category, string term)
        {
            // The matcher reports where the term is; the sample finds it the same way so the highlight sits on it.
            var match = new WatchMatch(watchId, watchName, category, WatchPriority.Normal, [new MatchedTerm(term, "title", title.IndexOf(term, StringComparison.OrdinalIgnoreCase), term.Length)]);
            return new(new Article(id, feed, title, summary, $"https://news.example.org/{id}", now.AddMinutes(-minutesAgo)), [match]) { Stage = category };
        }

        return
        [
            Item("accept", "bbc-world", "Putin agrees to 30-day cease-fire", "The Kremlin said Russia accepts the US-proposed 30-day cease-fire on energy infrastructure.", 20,
                "ru-ua-truce-accepted", "Russia/Ukraine accepts a truce or peace plan", "acceptance", "cease-fire") with
            {
                Actor = "Russia",
                StoryId = "story-accept",
                AlsoReportedBy =
                [
                    new StorySource("guardian-world", "Russia accepts limited truce", "https://news.example.org/guardian-accept", now.AddMinutes(-35)),
                    new StorySource("aljazeera", "Kremlin agrees to pause strikes", "https://news.example.org/aj-accept", now.AddMinutes(-50)),
                ],
            },
            Item("violation", "guardian-ukraine", "Drone strikes hit Kharkiv hours after truce took effect", "Officials said the truce was violated overnight; both sides traded accusations.", 45,
                "ru-ua-truce-violated", "Russia/Ukraine truce violated", "violation", "truce"),
            Item("talks", "npr-world", "Delegations meet in Jeddah for cease-fire talks", "Negotiators from Ukraine and the United States met for a second day of talks on a ceasefire framework.", 90,
                "ceasefire-talks", "Cease-fire talks and mediation", "talks", "cease-fire talks"),
            Item("exchange", "bbc-europe", "Russia and Ukraine swap 150 prisoners each", "The exchange, brokered by the United Arab Emirates, is the largest since the spring.", 180,
                "exchanges", "Prisoner, hostage and remains exchanges", "exchange", "prisoners"),
            Item("humanitarian", "guardian-ukraine", "Гуманітарний коридор відкрито в Херсоні під час перемир'я", "Евакуація цивільних триває; перемир'я дотримується з ранку.", 240,
                "humanitarian", "Aid, evacuation and corridors tied to a truce", "humanitarian", "перемир'я"),
            Item("proposal", "aljazeera", "US proposes a 30-day cease-fire; text at https://news.example.org/documents/ceasefire-proposal-full-text-2026-annex-a", "A long link and long words must wrap on a phone: Waffenstillstandsverhandlungsdelegationsmitglieder.", 300,
                "ceasefire-proposed", "Cease-fire proposed or called for", "proposal", "cease-fire") with { Actor = "United States" },
        ];
    }
}
