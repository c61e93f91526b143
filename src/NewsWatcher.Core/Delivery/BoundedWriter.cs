using System.Globalization;
using System.Text;

namespace NewsWatcher.Core.Delivery;

/// <summary>A string writer that refuses to grow past a number of characters, so a runaway template stops early.</summary>
internal sealed class BoundedWriter : StringWriter
{
    private readonly int _limit;

    public BoundedWriter(int limit)
        : base(new StringBuilder(), CultureInfo.InvariantCulture)
    {
        _limit = limit;
    }

    public override void Write(char value)
    {
        Reserve(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Reserve(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Reserve(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    private void Reserve(int count)
    {
        if (GetStringBuilder().Length + (long)count > _limit)
        {
            throw new TemplateOutputTooLargeException(_limit);
        }
    }
}
