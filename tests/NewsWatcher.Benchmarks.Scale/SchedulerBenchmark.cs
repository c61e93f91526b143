// Scheduler benchmark: 10,000 feed triggers (15-minute interval, as PollFeedJob: no overlap) in Quartz's clustered
// job store on PostgreSQL with 1, 2 and 3 replicas (separate processes), and the in-memory store in the same run.
//
//   dotnet run -c Release --project tests/NewsWatcher.Benchmarks.Scale -- scheduler --postgres "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" [--feeds 10000] [--spread 60] [--work-ms 20]
//
// The first fire of every trigger is spread evenly over --spread seconds (10,000 in 60 s is 167 per second, 15 times
// the steady rate of 10,000 feeds at 15 minutes), each fire holds a worker thread for --work-ms (a fast poll). Reported
// per configuration: triggers fired per second, lateness (actual minus scheduled fire time) p50 and p99, and
// PostgreSQL commands per fire, counted by Npgsql's own db.client.operation.duration instrument in every replica.
// --batch 1,10 runs every clustered configuration once per Quartz MaxBatchSize (triggers acquired per lock round; with
// a batch above 1 the fire-ahead window is 1 s). The schedule is stored in one transaction before the first fire, and
// a trigger Quartz declares misfired (over 60 s late: it skips to its next interval) is counted, not waited for.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Quartz;

internal static class SchedulerBenchmark
{
    private static readonly ConcurrentQueue<(long Scheduled, long Actual)> Fires = new();

    public static async Task<int> RunAsync(string[] args)
    {
        var feeds = 10_000;
        var spread = TimeSpan.FromSeconds(60);
        var workMs = 20;
        var postgres = Environment.GetEnvironmentVariable("POSTGRES_URL") ?? "";
        int[] replicaCounts = [1, 2, 3];
        int[] batches = [1, 10];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--feeds": feeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--spread": spread = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--work-ms": workMs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--postgres": postgres = args[++i]; break;
                case "--replicas": replicaCounts = [.. args[++i].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]; break;
                case "--batch": batches = [.. args[++i].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"{feeds:N0} triggers at a 15-minute interval, first fires spread over {spread.TotalSeconds:0} s ({feeds / spread.TotalSeconds:0} per second offered), {workMs} ms of work per fire, 10 worker threads per replica");
        Console.WriteLine("| store | replicas | batch | fired per second | lateness p50 | lateness p99 | misfired | PostgreSQL commands per fire |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(Row("in-memory", 1, 1, await InMemoryAsync(feeds, spread, workMs).ConfigureAwait(false), 0, null));
        if (string.IsNullOrEmpty(postgres))
        {
            Console.WriteLine("(no --postgres or POSTGRES_URL: the clustered rows are skipped)");
            return 0;
        }

        foreach (var batch in batches)
        {
            foreach (var replicas in replicaCounts)
            {
                var (fires, misfires, commands) = await ClusteredAsync(postgres, replicas, batch, feeds, spread, workMs).ConfigureAwait(false);
                Console.WriteLine(Row("PostgreSQL, clustered", replicas, batch, fires, misfires, (double)commands / Math.Max(1, fires.Count)));
            }
        }

        return 0;
    }

    /// <summary>One replica of the clustered run, started by <see cref="ClusteredAsync"/>: fires until stdin closes, then reports.</summary>
    public static async Task<int> ReplicaAsync(string[] args)
    {
        var postgres = args[0];
        var prefix = args[1];
        var workMs = int.Parse(args[2], CultureInfo.InvariantCulture);
        var batch = int.Parse(args[3], CultureInfo.InvariantCulture);
        long commands = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref commands));
        listener.Start();
        BenchJob.WorkMs = workMs;
        BenchJob.Report = (scheduled, actual) => Console.Out.WriteLine($"fire {scheduled} {actual}");
        var scheduler = await Build(postgres, prefix, Guid.NewGuid().ToString("N")[..8], batch).ConfigureAwait(false);
        scheduler.ListenerManager.AddTriggerListener(new MisfireReporter());
        await scheduler.Start().ConfigureAwait(false);
        Console.Out.WriteLine("started");
        await Console.In.ReadToEndAsync().ConfigureAwait(false);
        await scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        Console.Out.WriteLine($"commands {Interlocked.Read(ref commands)}");
        return 0;
    }

    private static async Task<List<(long Scheduled, long Actual)>> InMemoryAsync(int feeds, TimeSpan spread, int workMs)
    {
        Fires.Clear();
        BenchJob.WorkMs = workMs;
        BenchJob.Report = (scheduled, actual) => Fires.Enqueue((scheduled, actual));
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "bench-memory");
            q.UseDefaultThreadPool(10);
            q.UseInMemoryStore();
        }).BuildScheduler().ConfigureAwait(false);
        await ScheduleAsync(scheduler, feeds, spread).ConfigureAwait(false);
        await scheduler.Start().ConfigureAwait(false);
        while (Fires.Count < feeds)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }

        await scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        return [.. Fires];
    }

    private static async Task<(List<(long Scheduled, long Actual)> Fires, int Misfires, long Commands)> ClusteredAsync(string postgres, int replicas, int batch, int feeds, TimeSpan spread, int workMs)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8] + "_";

        // This process stores the schedule (its scheduler never starts, so it never fires); the replicas fire it.
        var planner = await Build(postgres, prefix, "planner", 1).ConfigureAwait(false);
        var children = new List<Process>();
        var fires = new ConcurrentQueue<(long, long)>();
        long commands = 0;
        var misfires = 0;
        var started = new CountdownEvent(replicas);
        for (var r = 0; r < replicas; r++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { typeof(SchedulerBenchmark).Assembly.Location, "scheduler-replica", postgres, prefix, workMs.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(a);
            }

            var child = Process.Start(start)!;
            child.OutputDataReceived += (_, e) =>
            {
                var parts = e.Data?.Split(' ');
                switch (parts)
                {
                    case ["fire", var s, var a]: fires.Enqueue((long.Parse(s, CultureInfo.InvariantCulture), long.Parse(a, CultureInfo.InvariantCulture))); break;
                    case ["misfire"]: Interlocked.Increment(ref misfires); break;
                    case ["commands", var c]: Interlocked.Add(ref commands, long.Parse(c, CultureInfo.InvariantCulture)); break;
                    case ["started"]: started.Signal(); break;
                }
            };
            child.BeginOutputReadLine();
            children.Add(child);
        }

        started.Wait(TimeSpan.FromMinutes(2));
        await ScheduleAsync(planner, feeds, spread).ConfigureAwait(false);
        while (fires.Count + Volatile.Read(ref misfires) < feeds)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }

        foreach (var child in children)
        {
            child.StandardInput.Close();
        }

        foreach (var child in children)
        {
            await child.WaitForExitAsync().ConfigureAwait(false);
            child.Dispose();
        }

        await planner.Shutdown().ConfigureAwait(false);
        await using var source = Npgsql.NpgsqlDataSource.Create(postgres);
        await using (var drop = source.CreateCommand(
            "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '" + prefix + "%' " +
            "LOOP EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(t) || ' CASCADE'; END LOOP; END $$"))
        {
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return ([.. fires], misfires, Interlocked.Read(ref commands));
    }

    private static ValueTask<IScheduler> Build(string postgres, string prefix, string instanceId, int batch) =>
        QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "bench";
                s.InstanceId = instanceId;
                s.MaxBatchSize = batch;
                s.BatchTriggerAcquisitionFireAheadTimeWindow = batch > 1 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
            });
            q.UseDefaultThreadPool(10);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(postgres);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(7.5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(7.5);
                });
                store.ProvisionSchema();
                store.ConfigureStore(o => o.TablePrefix = prefix);
            });
        }).BuildScheduler();

    // All triggers go in one transaction, and the first fire is set far enough ahead that storing them is done before
    // it: otherwise the time spent storing would be counted as lateness.
    private static async Task ScheduleAsync(IScheduler scheduler, int feeds, TimeSpan spread)
    {
        var first = TimeProvider.System.GetUtcNow().AddSeconds(5 + (feeds / 500.0));
        var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>(feeds);
        for (var i = 0; i < feeds; i++)
        {
            var job = JobBuilder.Create<BenchJob>().WithIdentity($"poll-{i}", "feeds").RequestRecovery().Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity($"poll-{i}", "feeds")
                .StartAt(first + (spread * i / feeds))
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromMinutes(15)).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            jobs[job] = [trigger];
        }

        await scheduler.ScheduleJobs(jobs).ConfigureAwait(false);
        var stored = TimeProvider.System.GetUtcNow();
        if (stored > first)
        {
            Console.WriteLine($"(storing the schedule ended {(stored - first).TotalSeconds:0.0} s after the first fire time: early lateness includes it)");
        }
    }

    private static string Row(string store, int replicas, int batch, List<(long Scheduled, long Actual)> fires, int misfires, double? commandsPerFire)
    {
        if (fires.Count == 0)
        {
            return $"| {store} | {replicas} | {batch} | 0 | – | – | {misfires} | – |";
        }

        var lateness = fires.Select(f => TimeSpan.FromTicks(f.Actual - f.Scheduled).TotalMilliseconds).Order().ToList();
        var window = TimeSpan.FromTicks(fires.Max(f => f.Actual) - fires.Min(f => f.Scheduled)).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {replicas} | {batch} | {fires.Count / window:0} | {Percentile(lateness, 0.50):0} ms | {Percentile(lateness, 0.99):0} ms | {misfires} | {(commandsPerFire is { } c ? c.ToString("0.0", CultureInfo.InvariantCulture) : "–")} |");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}

/// <summary>Stands for a poll: no overlap (as PollFeedJob), holds its worker for a fixed time, reports its lateness.</summary>
[DisallowConcurrentExecution]
internal sealed class BenchJob : IJob
{
    public static int WorkMs { get; set; }

    public static Action<long, long> Report { get; set; } = (_, _) => { };

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        Report(context.ScheduledFireTimeUtc!.Value.UtcTicks, context.FireTimeUtc.UtcTicks);
        await Task.Delay(TimeSpan.FromMilliseconds(WorkMs), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Reports each trigger Quartz declares misfired: it will not fire in this run, so the run must not wait for it.</summary>
internal sealed class MisfireReporter : ITriggerListener
{
    public string Name => "misfires";

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        Console.Out.WriteLine("misfire");
        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
