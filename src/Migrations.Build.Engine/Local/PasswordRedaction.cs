using System.Text.RegularExpressions;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Last line of defence for messages that may quote a connection string or URL given by a developer:
/// failures end up in CI logs, which are far more widely readable than the secret itself.
/// </summary>
internal partial class PasswordRedaction
{
    public static string Redact(string message, params IEnumerable<string?> knownSecrets)
    {
        foreach (var secret in knownSecrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        message = UriUserInfoPassword().Replace(message, "${prefix}***@");
        return KeyValuePassword().Replace(message, "${key}=***");
    }

    [GeneratedRegex(@"(?<prefix>://[^:/@\s]*:)[^@\s]*@")]
    private static partial Regex UriUserInfoPassword();

    [GeneratedRegex(@"(?<key>\b(?:Password|Pwd)\s*)=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValuePassword();
}
