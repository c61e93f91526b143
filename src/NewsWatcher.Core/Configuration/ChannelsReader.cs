using System.Text.RegularExpressions;
using NewsWatcher.Core.Delivery;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads a subscriber's <c>channels:</c> list, reporting every problem with its line.</summary>
internal static partial class ChannelsReader
{
    private static readonly string[] Common = ["type", "id", "digest", "immediate"];

    public static List<ChannelSettings> Read(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what)
    {
        var channels = new List<ChannelSettings>();
        if (!fields.TryGetValue("channels", out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return channels;
        }

        if (node is not YamlSequenceNode list)
        {
            reader.Error(node, $"{what}: 'channels' must be a list of channel entries (- type: webhook ...)");
            return channels;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in list.Children)
        {
            if (entry is not YamlMappingNode mapping)
            {
                reader.Error(entry, $"{what}: each channel must be a map of fields (type, url, ...), not {YamlConfigReader.Describe(entry)}");
                continue;
            }

            if (ReadOne(reader, mapping, what) is not { } channel)
            {
                continue;
            }

            if (ids.TryGetValue(channel.Id, out var first))
            {
                reader.Error(mapping, $"{what}: duplicate channel id '{channel.Id}' (first on line {first}); give each channel of the same type its own 'id'");
                continue;
            }

            ids[channel.Id] = channel.Line;
            channels.Add(channel);
        }

        return channels;
    }

    private static ChannelSettings? ReadOne(YamlConfigReader reader, YamlMappingNode mapping, string owner)
    {
        var errorsBefore = reader.ErrorCount;
        var typeText = YamlConfigReader.Peek(mapping, "type");
        if ((typeText is null ? null : ChannelKinds.Find(typeText)) is not { } kind)
        {
            reader.Error(mapping, typeText is null
                ? $"{owner}: a channel is missing required field 'type' ({ChannelKinds.Names("or")})"
                : $"{owner}: unknown channel type '{typeText}'; known: {ChannelKinds.Names()}");
            return null;
        }

        var id = YamlConfigReader.Peek(mapping, "id") ?? kind.Name;
        var what = $"{owner} channel '{id}'";
        var fields = reader.Fields(mapping, what, [.. Common, .. kind.Keys]);
        if (!IdPattern().IsMatch(id))
        {
            reader.Error(fields["id"], $"{what}: id must be letters, digits, '-' or '_' (at most 40)");
        }

        var cadence = SubscribersFile.ReadCadence(reader, fields, what, mapping);
        var immediate = reader.Bool(fields, "immediate", what, mapping);
        var line = YamlConfigReader.LineOf(mapping);
        var channel = kind.Read(new ChannelFields(reader, fields, what, mapping), new ChannelSettings(id, kind, line) { Cadence = cadence, Immediate = immediate });
        return reader.ErrorCount == errorsBefore ? channel : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex IdPattern();
}
