using System.Reflection;
using NewsWatcher.Fetching;

namespace NewsWatcher.Tests.Fetching;

/// <summary>The fetching stage talks to the store only through its own interfaces (<see cref="IHostSlots"/>), which Storage implements.</summary>
public sealed class FetchingDependencyTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void FetchingTypes_Signatures_ReferenceNoStorageOrRedisType()
    {
        var fetching = typeof(FeedFetcher).Assembly.GetTypes().Where(t => t.Namespace == typeof(FeedFetcher).Namespace).ToList();
        Assert.Contains(typeof(FetchLimiter), fetching);

        // Fields include the hoisted locals of async methods (their state machines are nested types), so this sees into bodies too.
        var offending = fetching
            .SelectMany(t => Referenced(t).Select(r => (Type: t, Referenced: r)))
            .Where(x => x.Referenced.Namespace is { } ns && (ns.StartsWith("NewsWatcher.Storage", StringComparison.Ordinal) || ns.StartsWith("StackExchange.Redis", StringComparison.Ordinal)))
            .Select(x => $"{x.Type.FullName} -> {x.Referenced.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offending);
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
        }

        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var inner in Expand(element))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return inner;
            }
        }
    }
}
