namespace NewsWatcher.Core.Parsing;

/// <summary>A <see cref="TextReader"/> over characters already in memory, so the XML reader reads a slice of the decoded buffer without a copy into a string.</summary>
internal sealed class CharMemoryReader(ReadOnlyMemory<char> text) : TextReader
{
    private int _position;

    public override int Peek() => _position < text.Length ? text.Span[_position] : -1;

    public override int Read() => _position < text.Length ? text.Span[_position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, text.Length - _position);
        text.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override string ReadToEnd()
    {
        var rest = text.Span[_position..].ToString();
        _position = text.Length;
        return rest;
    }
}
