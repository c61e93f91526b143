using Microsoft.Extensions.Options;

namespace NewsWatcher.Http;

/// <summary>Checks what data annotations cannot: the bind address must parse.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HttpOptions.ParseAddress(options.BindAddress) is null
            ? ValidateOptionsResult.Fail($"Http:BindAddress '{options.BindAddress}' is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::) or 'localhost'")
            : ValidateOptionsResult.Success;
    }
}
