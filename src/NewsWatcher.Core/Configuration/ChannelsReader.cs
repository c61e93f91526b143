using System.Text.RegularExpressions;
using NewsWatcher.Core.Channels;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads a subscriber's <c>channels:</c> list, reporting every problem with its line.</summary>
internal static partial class ChannelsReader
{
    private static readonly string[] Common = ["type", "id", "digest", "immediate"];

    private static readonly Dictionary<ChannelType, string[]> Allowed = new()
    {
        [ChannelType.Webhook] = [.. Common, "url", "secret_file", "secret_env"],
        [ChannelType.Slack] = [.. Common, "url_file", "url_env"],
        [ChannelType.Telegram] = [.. Common, "chat_id", "token_file", "token_env"],
        [ChannelType.Ntfy] = [.. Common, "topic", "server", "token_file", "token_env"],
    };

    public static List<ChannelSettings> Read(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what)
    {
        var channels = new List<ChannelSettings>();
        if (!fields.TryGetValue("channels", out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return channels;
        }

        if (node is not YamlSequenceNode list)
        {
            reader.Error(node, $"{what}: 'channels' must be a list of channel entries (- type: webhook ...)");
            return channels;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in list.Children)
        {
            if (entry is not YamlMappingNode mapping)
            {
                reader.Error(entry, $"{what}: each channel must be a map of fields (type, url, ...), not {YamlConfigReader.Describe(entry)}");
                continue;
            }

            if (ReadOne(reader, mapping, what) is not { } channel)
            {
                continue;
            }

            if (ids.TryGetValue(channel.Id, out var first))
            {
                reader.Error(mapping, $"{what}: duplicate channel id '{channel.Id}' (first on line {first}); give each channel of the same type its own 'id'");
                continue;
            }

            ids[channel.Id] = channel.Line;
            channels.Add(channel);
        }

        return channels;
    }

    private static ChannelSettings? ReadOne(YamlConfigReader reader, YamlMappingNode mapping, string owner)
    {
        var errorsBefore = reader.ErrorCount;
        var typeText = YamlConfigReader.Peek(mapping, "type");
        ChannelType? type = typeText?.ToLowerInvariant() switch
        {
            "webhook" => ChannelType.Webhook,
            "slack" => ChannelType.Slack,
            "telegram" => ChannelType.Telegram,
            "ntfy" => ChannelType.Ntfy,
            _ => null,
        };
        if (type is null)
        {
            reader.Error(mapping, typeText is null
                ? $"{owner}: a channel is missing required field 'type' (webhook, slack, telegram or ntfy)"
                : $"{owner}: unknown channel type '{typeText}'; known: webhook, slack, telegram, ntfy");
            return null;
        }

        var typeName = ChannelSettings.TypeNameOf(type.Value);
        var id = YamlConfigReader.Peek(mapping, "id") ?? typeName;
        var what = $"{owner} channel '{id}'";
        var fields = reader.Fields(mapping, what, Allowed[type.Value]);
        if (!IdPattern().IsMatch(id))
        {
            reader.Error(fields["id"], $"{what}: id must be letters, digits, '-' or '_' (at most 40)");
        }

        var cadence = SubscribersFile.ReadCadence(reader, fields, what, mapping);
        var immediate = reader.Bool(fields, "immediate", what, mapping);
        var line = YamlConfigReader.LineOf(mapping);
        var channel = new ChannelSettings(id, type.Value, line) { Cadence = cadence, Immediate = immediate };
        switch (type.Value)
        {
            case ChannelType.Webhook:
                channel = channel with
                {
                    Url = HttpUrl(reader, fields, "url", what, mapping, required: true),
                    Secret = Secret(reader, fields, "secret", what, mapping, required: true, "the signing secret (whsec_...)"),
                };
                break;
            case ChannelType.Slack:
                channel = channel with { Secret = Secret(reader, fields, "url", what, mapping, required: true, "the incoming-webhook URL (it embeds a token)") };
                break;
            case ChannelType.Telegram:
                var chat = reader.Text(fields, "chat_id", what, mapping, required: true);
                if (chat is not null && !ChatPattern().IsMatch(chat))
                {
                    reader.Error(fields["chat_id"], $"{what}: chat_id '{chat}' must be a chat number (e.g. -1001234567890) or @channelname");
                }

                channel = channel with { ChatId = chat, Secret = Secret(reader, fields, "token", what, mapping, required: true, "the bot token") };
                break;
            case ChannelType.Ntfy:
                var topic = reader.Text(fields, "topic", what, mapping, required: true);
                if (topic is not null && !TopicPattern().IsMatch(topic))
                {
                    reader.Error(fields["topic"], $"{what}: topic '{topic}' must be letters, digits, '-' or '_' (at most 64)");
                }

                channel = channel with
                {
                    Topic = topic,
                    Url = HttpUrl(reader, fields, "server", what, mapping, required: false),
                    Secret = Secret(reader, fields, "token", what, mapping, required: false, "the access token"),
                };
                break;
        }

        return reader.ErrorCount == errorsBefore ? channel : null;
    }

    private static Uri? HttpUrl(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string key, string what, YamlNode owner, bool required)
    {
        var text = reader.Text(fields, key, what, owner, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo))
        {
            reader.Error(fields[key], $"{what}: {key} must be an absolute http(s) URL without user:password (put credentials in a secret file)");
            return null;
        }

        return url;
    }

    /// <summary>A secret named by <c>{stem}_file</c> or <c>{stem}_env</c>, exactly one of them.</summary>
    private static SecretSource? Secret(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string stem, string what, YamlNode owner, bool required, string description)
    {
        var file = reader.Text(fields, stem + "_file", what, owner, required: false);
        var env = reader.Text(fields, stem + "_env", what, owner, required: false);
        if (file is not null && env is not null)
        {
            reader.Error(fields[stem + "_env"], $"{what}: give {stem}_file or {stem}_env, not both");
            return null;
        }

        if (env is not null && !EnvPattern().IsMatch(env))
        {
            reader.Error(fields[stem + "_env"], $"{what}: {stem}_env '{env}' is not an environment variable name");
            return null;
        }

        if (file is null && env is null)
        {
            if (required)
            {
                reader.Error(owner, $"{what} needs {description} from a file ({stem}_file: /run/secrets/...) or an environment variable ({stem}_env: NAME); secrets are never written in subscribers.yaml");
            }

            return null;
        }

        return new SecretSource(file, env);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^(-?[0-9]{1,20}|@[A-Za-z0-9_]{4,64})$")]
    private static partial Regex ChatPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TopicPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvPattern();
}
