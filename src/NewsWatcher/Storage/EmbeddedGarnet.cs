using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Storage;

/// <summary>An in-process Garnet server on loopback, for first runs and tests where no Redis is configured.</summary>
internal sealed class EmbeddedGarnet : IAsyncDisposable
{
    private readonly GarnetServer _server;
    private readonly DataFolderLock _folderLock;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _disposed;

    private EmbeddedGarnet(GarnetServer server, DataFolderLock folderLock, IPEndPoint endPoint, string dataDirectory, ILogger logger, TimeProvider time)
    {
        _server = server;
        _folderLock = folderLock;
        EndPoint = endPoint;
        DataDirectory = dataDirectory;
        _logger = logger;
        _time = time;
    }

    public IPEndPoint EndPoint { get; }

    public string DataDirectory { get; }

    /// <exception cref="DataFolderInUseException">Another process runs an embedded store on the same folder.</exception>
    public static EmbeddedGarnet Start(string dataDirectory, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var garnetLoggers = new PrefixedLoggerFactory(loggerFactory, "Garnet.");
        var fullPath = Path.GetFullPath(dataDirectory);
        var folderLock = DataFolderLock.Acquire(fullPath);
        var endPoint = new IPEndPoint(IPAddress.Loopback, FindFreePort());

        var options = new GarnetServerOptions
        {
            EndPoints = [endPoint],
            // Durability: every write goes to the append-only file (committed continuously, CommitFrequencyMs = 0),
            // and start-up recovers the last checkpoint plus the AOF tail, so pending mail survives a crash.
            EnableAOF = true,
            Recover = true,
            // Periodic checkpoints let Garnet truncate the AOF, so the data directory and recovery time stay bounded.
            CheckpointFrequencySecs = 3600,
            EnableStorageTier = true,
            LogDir = Path.Combine(fullPath, "log"),
            CheckpointDir = Path.Combine(fullPath, "checkpoints"),
            // The default native Linux device needs a libaio whose SONAME differs between distributions, and a missing
            // one fail-fasts the whole process; the managed RandomAccess device works everywhere and is fast enough here.
            DeviceType = Tsavorite.core.DeviceType.RandomAccess,
            // The ledger's script must be atomic like on Redis: transaction mode locks the script's declared keys.
            EnableLua = true,
            LuaTransactionMode = true,
            LuaOptions = new LuaOptions(garnetLoggers.CreateLogger<LuaOptions>()),
            // Small footprint: this is a local default, not a cache server.
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "16m",
            QuietMode = true,
            MetricsSamplingFrequency = 0,
        };

        GarnetServer? server = null;
        try
        {
            server = new GarnetServer(options, garnetLoggers);
            server.Start();
        }
        catch
        {
            server?.Dispose();
            folderLock.Dispose();
            throw;
        }

        return new EmbeddedGarnet(server, folderLock, endPoint, fullPath, loggerFactory.CreateLogger<EmbeddedGarnet>(), time);
    }

    /// <summary>Makes everything written so far durable: a final AOF commit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _server.Store.CommitAOFAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
            await FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            Log.EmbeddedStoreFlushFailed(_logger, ex);
        }

        _server.Dispose();
        _folderLock.Dispose();
        Log.EmbeddedStoreStopped(_logger, DataDirectory);
    }

    // Binding port 0 lets the OS pick a free port; the tiny window before Garnet binds it is acceptable on loopback.
    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
