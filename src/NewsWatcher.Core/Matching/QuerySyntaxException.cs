namespace NewsWatcher.Core.Matching;

/// <summary>A query cannot be parsed; <see cref="Offset"/> is the character in the query text the problem is at.</summary>
public sealed class QuerySyntaxException : Exception
{
    public QuerySyntaxException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public QuerySyntaxException()
    {
    }

    public QuerySyntaxException(string message)
        : base(message)
    {
    }

    public QuerySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Offset { get; }
}
