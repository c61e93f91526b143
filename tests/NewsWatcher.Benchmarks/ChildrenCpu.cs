using System.Runtime.InteropServices;

namespace NewsWatcher.Benchmarks;

/// <summary>CPU time (user + system) used by this process's finished child processes (Linux <c>getrusage(RUSAGE_CHILDREN)</c>); 0 elsewhere.</summary>
internal static partial class ChildrenCpu
{
    private const int RusageChildren = -1;

    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var usage = new long[18]; // struct rusage: two timevals, then fourteen longs
        return GetRusage(RusageChildren, usage) == 0 ? usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6) : 0;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, [Out] long[] usage);
}
