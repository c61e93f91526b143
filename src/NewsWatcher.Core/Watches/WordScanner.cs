using System.Text;

namespace NewsWatcher.Core.Watches;

/// <summary>Splits text into words; used for article fields and for rule terms alike.</summary>
internal static class WordScanner
{
    public static List<ScannedWord> Scan(string text)
    {
        var words = new List<ScannedWord>();
        var i = 0;
        while (i < text.Length)
        {
            if (!TextNormalizer.IsWordChar(text, i))
            {
                i++;
                continue;
            }

            var wordStart = i;
            var parts = new List<Token>();
            var joined = new StringBuilder();
            while (true)
            {
                var partStart = i;
                while (i < text.Length && TextNormalizer.IsWordChar(text, i))
                {
                    i++;
                }

                var folded = TextNormalizer.Fold(text.AsSpan(partStart, i - partStart));
                parts.Add(new Token(folded, partStart, i - partStart));
                joined.Append(folded);

                // A joiner only continues the word when a word character follows ("cease-fire", not "fire -").
                if (i + 1 < text.Length && TextNormalizer.IsWordChar(text, i + 1)
                    && (TextNormalizer.IsHyphen(text[i]) || TextNormalizer.IsApostrophe(text[i])))
                {
                    if (TextNormalizer.IsApostrophe(text[i]))
                    {
                        joined.Append('\'');
                    }

                    i++;
                    continue;
                }

                break;
            }

            words.Add(new ScannedWord(wordStart, i, parts, joined.ToString()));
        }

        return words;
    }
}
