using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// Tells a party that reports a development from the party that did it: in "Drone strikes shatter truce, Kyiv says"
/// Kyiv is the accuser, not the doer, so it is never named as the actor.
/// </summary>
internal static class Speakers
{
    private static readonly string[] SpeechVerbs =
        ["says", "said", "say", "saying", "claims", "claimed", "claim", "tells", "told", "reports", "reported", "insists", "insisted", "alleges", "alleged", "charges", "заявил", "заявили", "заявляет", "заявив", "заявляє", "сообщил", "повідомив"];

    /// <summary>Words after "X says" that make X the subject of what follows.</summary>
    private static readonly string[] SelfReference =
        ["it", "its", "they", "their", "we", "he", "she", "yes", "no", "ready", "will", "would", "won't", "won", "can", "is", "has", "was", "open", "not", "cannot", "can't", "must", "wants", "willing", "prepared"];

    /// <summary>True when the mention is followed by a speech verb ("Kyiv says") or closes the clause after one (", says Kyiv", "according to Kyiv").</summary>
    public static bool IsSpeaker(Article article, MatchedTerm mention)
    {
        var text = FieldText(article, mention);
        if (text is null || mention.Start + mention.Length > text.Length)
        {
            return false;
        }

        var after = NextWord(text, mention.Start + mention.Length);
        if (IsSpeech(after))
        {
            // "Hamas says it accepts", "Kremlin says ready to talk": the speaker is also the doer.
            var verbEnd = text.IndexOf(after.ToString(), mention.Start + mention.Length, StringComparison.Ordinal) + after.Length;
            return !IsWord(NextWord(text, verbEnd), SelfReference);
        }

        // ", says Kremlin" closes the clause; in "Kyiv says Russia violated …" Russia is what is said, not who says it.
        if (!after.IsEmpty)
        {
            return false;
        }

        var before = PreviousWord(text, mention.Start);
        return IsSpeech(before) || before.Equals("to", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, mention.Start - before.Length - 1).Equals("according", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the mention is the agent of a passive ("rejected by Hamas", "broken by the Kremlin").</summary>
    public static bool IsAgentAfterBy(Article article, MatchedTerm mention)
    {
        var text = FieldText(article, mention);
        if (text is null || mention.Start > text.Length)
        {
            return false;
        }

        var before = PreviousWord(text, mention.Start);
        if (before.Equals("the", StringComparison.OrdinalIgnoreCase))
        {
            text.AsSpan().Overlaps(before, out var theStart);
            before = PreviousWord(text, theStart);
        }

        return before.Equals("by", StringComparison.OrdinalIgnoreCase) || before.Equals("от", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The text the mention was found in.</summary>
    private static string? FieldText(Article article, MatchedTerm mention) => mention.Field switch
    {
        "title" => article.Title,
        "summary" => article.Summary,
        _ => null,
    };

    private static bool IsSpeech(ReadOnlySpan<char> word) => IsWord(word, SpeechVerbs);

    private static bool IsWord(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The word starting after <paramref name="from"/>, skipping spaces and one possessive or quote mark; empty at a clause end.</summary>
    private static ReadOnlySpan<char> NextWord(string text, int from)
    {
        var i = from;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\u00a0'))
        {
            i++;
        }

        var start = i;
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        return text.AsSpan(start, i - start);
    }

    /// <summary>The word ending before <paramref name="to"/>, skipping spaces; empty across punctuation other than a comma.</summary>
    private static ReadOnlySpan<char> PreviousWord(string text, int to)
    {
        var i = Math.Min(to, text.Length) - 1;
        while (i >= 0 && (text[i] == ' ' || text[i] == '\u00a0'))
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(text[i]))
        {
            i--;
        }

        return i + 1 >= end ? [] : text.AsSpan(i + 1, end - i - 1);
    }
}
