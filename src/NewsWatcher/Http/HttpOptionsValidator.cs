using Microsoft.Extensions.Options;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Http;

/// <summary>Checks what data annotations cannot: the bind address must parse.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (HttpOptions.ParseAddress(options.BindAddress) is null)
        {
            failures.Add($"Http:BindAddress '{options.BindAddress}' is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::) or 'localhost'");
        }

        if (options.PublicUrl.Length > 0
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Query.Length > 0))
        {
            failures.Add($"Http:PublicUrl '{options.PublicUrl}' must be an absolute http(s) URL without a query (e.g. https://news.example.org/)");
        }

        if (options.PublicUrl.Length > 0 && options.TokenKeyFile.Length == 0 && options.TokenKey.Length == 0)
        {
            failures.Add("Http:PublicUrl is set, so unsubscribe links need a signing key: set Http:TokenKeyFile (a secret file of at least 32 random characters) or Http:TokenKey");
        }

        if (options.TokenKeyFile.Length == 0 && options.TokenKey.Length is > 0 and < SubscriberTokens.MinKeyBytes)
        {
            failures.Add($"Http:TokenKey must be at least {SubscriberTokens.MinKeyBytes} characters");
        }

        if (Http.TrustedProxies.Parse(options.TrustedProxies, out var proxyError) is null)
        {
            failures.Add($"Http:TrustedProxies: {proxyError}");
        }

        if (options.PublicPort > 0 && options.PublicPort == options.Port)
        {
            failures.Add($"Http:PublicPort {options.PublicPort} is the ops port (Http:Port); the public listener needs a port of its own");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
