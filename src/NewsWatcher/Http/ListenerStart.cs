using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Http;

/// <summary>Starts a built Kestrel app on one of the Http listeners; shared by the ops and the public listener.</summary>
internal static class ListenerStart
{
    /// <summary>
    /// Starts <paramref name="app"/> and returns the address it is bound to (null when Kestrel does not say). A port that
    /// cannot be taken is reported as invalid configuration naming <paramref name="portSetting"/>, not as a stack trace.
    /// </summary>
    public static async Task<string?> StartAsync(WebApplication app, HttpOptions options, int port, string portSetting, string listener, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Typically the port is taken: say which setting to change instead of crashing with a stack trace.
            await app.DisposeAsync().ConfigureAwait(false);
            throw new OptionsValidationException(HttpOptions.Section, typeof(HttpOptions),
                [$"Http: cannot listen on {options.BindAddress}:{port} ({ex.Message}); set {portSetting} to a free port, or 0 to turn {listener} off"]);
        }

        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
    }
}
