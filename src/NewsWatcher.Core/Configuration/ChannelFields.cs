using System.Text.RegularExpressions;
using NewsWatcher.Core.Delivery;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>One channel entry's fields as its kind reads them: each problem is reported with the entry's name and its line.</summary>
internal sealed partial class ChannelFields
{
    private readonly YamlConfigReader _reader;
    private readonly Dictionary<string, YamlNode> _fields;
    private readonly YamlNode _owner;

    public ChannelFields(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what, YamlNode owner)
    {
        _reader = reader;
        _fields = fields;
        What = what;
        _owner = owner;
    }

    /// <summary>The entry for messages: "subscriber 'x' channel 'id'".</summary>
    public string What { get; }

    /// <summary>A scalar's text (trimmed); null when absent or empty, reported if required.</summary>
    public string? Text(string key, bool required) => _reader.Text(_fields, key, What, _owner, required);

    /// <summary>Reports a problem on the line of <paramref name="key"/>, after the entry's name.</summary>
    public void Error(string key, string message) => _reader.Error(_fields[key], $"{What}: {message}");

    /// <summary>An absolute http(s) URL without user:password; null when absent (reported if required) or invalid (reported).</summary>
    public Uri? HttpUrl(string key, bool required)
    {
        var text = Text(key, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo))
        {
            Error(key, $"{key} must be an absolute http(s) URL without user:password (put credentials in a secret file)");
            return null;
        }

        return url;
    }

    /// <summary>A secret named by <c>{stem}_file</c> or <c>{stem}_env</c>, exactly one of them.</summary>
    /// <param name="description">What the secret is, for the message when it is missing ("the bot token").</param>
    public SecretSource? Secret(string stem, bool required, string description)
    {
        var file = Text(stem + "_file", required: false);
        var env = Text(stem + "_env", required: false);
        if (file is not null && env is not null)
        {
            Error(stem + "_env", $"give {stem}_file or {stem}_env, not both");
            return null;
        }

        if (env is not null && !EnvPattern().IsMatch(env))
        {
            Error(stem + "_env", $"{stem}_env '{env}' is not an environment variable name");
            return null;
        }

        if (file is null && env is null)
        {
            if (required)
            {
                _reader.Error(_owner, $"{What} needs {description} from a file ({stem}_file: /run/secrets/...) or an environment variable ({stem}_env: NAME); secrets are never written in subscribers.yaml");
            }

            return null;
        }

        return new SecretSource(file, env);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvPattern();
}
