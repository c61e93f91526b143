using System.Threading.Channels;
using Quartz;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A Quartz job listener that reports each finished run, so a test waits for "the job has run" instead of sleeping and
/// hoping it did. Add it to the scheduler before the host starts, or the first run may come before it listens.
/// </summary>
internal sealed class JobCompletions : IJobListener
{
    private readonly Channel<(JobKey Job, JobExecutionException? Error)> _finished = Channel.CreateUnbounded<(JobKey, JobExecutionException?)>();

    public string Name { get; } = $"test-completions-{Guid.NewGuid():N}";

    /// <summary>Waits for the next finished run of <paramref name="job"/>; the exception it threw, or null.</summary>
    public async Task<JobExecutionException?> NextAsync(JobKey job, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (finished, error) = await _finished.Reader.ReadAsync(cancellationToken);
            if (finished.Equals(job))
            {
                return error;
            }
        }
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        _finished.Writer.TryWrite((context.JobDetail.Key, jobException));
        return ValueTask.CompletedTask;
    }
}
