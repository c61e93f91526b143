using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Configuration;

public sealed class SubscribersFileChannelsTests
{
    private const string Path = "config/subscribers.yaml";
    private static readonly HashSet<string> Known = ["ceasefire", "peace-talks"];

    [Fact]
    public void Parse_IssueExampleWithWebhook_ParsesWithDefaultsAndOneRoutePerPlace()
    {
        const string yaml = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                immediate: true
                channels:
                  - type: webhook
                    url: https://hooks.example.org/newswatcher
                    secret_file: /run/secrets/newswatcher-webhook   # contains whsec_<base64 key>
            """;

        var desk = Assert.Single(SubscribersFile.Parse(yaml, Path, Known));

        Assert.Equal("desk@example.org", desk.Name);
        Assert.Equal(SubscribersFile.DefaultCadence, desk.Cadence);
        var channel = Assert.Single(desk.Channels);
        Assert.Equal(WebhookChannel.Instance, channel.Kind);
        Assert.Equal("webhook", channel.Id);
        Assert.Equal(new Uri("https://hooks.example.org/newswatcher"), channel.Url);
        Assert.Equal(new SecretSource("/run/secrets/newswatcher-webhook", null), channel.Secret);
        Assert.Equal(6, channel.Line);
        var routes = desk.Routes().ToList();
        Assert.Equal(["desk@example.org", "desk@example.org/webhook"], routes.Select(r => r.Id));
        Assert.Equal(["email", "webhook"], routes.Select(r => r.Transport));
    }

    [Fact]
    public void Parse_EveryChannelType_OwnCadenceAndImmediateOverrideTheSubscriber()
    {
        const string yaml = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                digest: daily 07:00
                send_email: false
                channels:
                  - {type: slack, url_env: SLACK_DESK_URL, digest: hourly}
                  - {type: telegram, token_file: /run/secrets/bot, chat_id: "-1001234567890", immediate: false}
                  - {type: ntfy, topic: ceasefire-desk, server: "https://ntfy.example.org", token_env: NTFY_TOKEN, digest: immediate}
                  - {type: ntfy, id: public, topic: ceasefire}
            """;

        var desk = Assert.Single(SubscribersFile.Parse(yaml, Path, Known));
        var routes = desk.Routes().ToList();

        Assert.Equal(["desk@example.org/slack", "desk@example.org/telegram", "desk@example.org/ntfy", "desk@example.org/public"], routes.Select(r => r.Id));
        Assert.Equal(DigestCadence.Hourly, routes[0].Cadence);
        Assert.Equal(new SecretSource(null, "SLACK_DESK_URL"), routes[0].Channel!.Secret);
        Assert.False(routes[1].ImmediateUrgent);
        Assert.Equal("-1001234567890", routes[1].Channel!.ChatId);
        Assert.Equal(DigestCadence.Immediate, routes[2].Cadence);
        Assert.Equal(new Uri("https://ntfy.example.org"), routes[2].Channel!.Url);
        Assert.Null(routes[3].Channel!.Secret);
        Assert.Equal(DigestCadence.DailyAt(new TimeOnly(7, 0)), routes[3].Cadence);
    }

    [Fact]
    public void Parse_BadChannels_EveryErrorWithItsLine()
    {
        const string yaml = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - type: webhook
                    url: ftp://hooks.example.org/x
                    secret_file: /s
                  - type: slack
                    url: https://hooks.slack.com/services/T/B/X
                  - type: telegram
                    token_file: /t
                    chat_id: "not a chat"
                  - type: pager
                  - {type: ntfy, topic: "a/b"}
                  - {type: webhook, url: "https://x.example/", secret_file: /a, secret_env: B}
            """;

        var error = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, Path, Known));
        var messages = error.Errors.Select(e => $"{e.Line}: {e.Message}").ToList();

        Assert.Contains(messages, m => m.StartsWith("6: ", StringComparison.Ordinal) && m.Contains("url must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("9: ", StringComparison.Ordinal) && m.Contains("unknown field 'url'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("8: ", StringComparison.Ordinal) && m.Contains("url_file", StringComparison.Ordinal) && m.Contains("never written in subscribers.yaml", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("12: ", StringComparison.Ordinal) && m.Contains("chat_id 'not a chat'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("13: ", StringComparison.Ordinal) && m.Contains("unknown channel type 'pager'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("14: ", StringComparison.Ordinal) && m.Contains("topic 'a/b'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("15: ", StringComparison.Ordinal) && m.Contains("not both", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TwoChannelsOfOneTypeWithoutIds_DuplicateReported()
    {
        const string yaml = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - {type: ntfy, topic: a}
                  - {type: ntfy, topic: b}
            """;

        var error = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, Path, Known));

        var only = Assert.Single(error.Errors);
        Assert.Equal(6, only.Line);
        Assert.Contains("duplicate channel id 'ntfy'", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DiscordChannel_WebhookUrlOnlyAsASecret()
    {
        const string good = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - {type: discord, url_env: DISCORD_DESK_URL, digest: hourly}
            """;
        const string bad = """
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - {type: Discord, url: "https://discord.com/api/webhooks/1/token"}
            """;

        var channel = Assert.Single(Assert.Single(SubscribersFile.Parse(good, Path, Known)).Channels);
        var error = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(bad, Path, Known));

        Assert.Same(DiscordChannel.Instance, channel.Kind);
        Assert.Equal(new SecretSource(null, "DISCORD_DESK_URL"), channel.Secret);
        var messages = error.Errors.Select(e => $"{e.Line}: {e.Message}").ToList();
        Assert.Contains(messages, m => m.StartsWith("5: ", StringComparison.Ordinal) && m.Contains("unknown field 'url'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("5: ", StringComparison.Ordinal) && m.Contains("needs the webhook URL (it embeds a token) from a file (url_file", StringComparison.Ordinal));
        Assert.Null(DiscordChannel.Instance.SecretProblem("https://discord.com/api/webhooks/1/token", channel.Secret!));
        Assert.Equal("the Discord webhook URL in environment variable DISCORD_DESK_URL is not an absolute http(s) URL", DiscordChannel.Instance.SecretProblem("1/token", channel.Secret!));
    }
}
