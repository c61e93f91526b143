using Microsoft.Extensions.Options;

namespace NewsWatcher.Delivery.Channels;

/// <summary>Every base URL must be an absolute http(s) URL.</summary>
internal sealed class ChannelOptionsValidator : IValidateOptions<ChannelOptions>
{
    public ValidateOptionsResult Validate(string? name, ChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, nameof(options.TelegramApiUrl), options.TelegramApiUrl);
        Check(failures, nameof(options.NtfyUrl), options.NtfyUrl);
        Check(failures, nameof(options.SlackUrl), options.SlackUrl);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{ChannelOptions.Section}:{key} '{value}' must be an absolute http(s) URL");
        }
    }
}
