using Migrations.Build.Engine.Text;

namespace Migrations.Build.Engine.Tests.Text;

[TestClass]
public sealed class SpellingSuggestionTests
{
    [TestMethod]
    // One edit is a typo at any length.
    [DataRow("CRATE", "CREATE,CALL,DROP", "CREATE")]
    [DataRow("disbale", "no-transaction,irreversible,disable,disable-file", "disable")]
    [DataRow("no_transaction", "no-transaction,irreversible,disable,disable-file", "no-transaction")]
    [DataRow("sslmod", "sslmode,connect_timeout,application_name", "sslmode")]
    [DataRow("DORP", "DROP,DO,END", "DROP")]
    [DataRow("D0", "DO,DROP", "DO")]
    // Two edits are a typo only beyond four letters.
    [DataRow("ALTRR", "ALTER", "ALTER")]
    [DataRow("applicationname", "sslmode,application_name", "application_name")]
    [DataRow("DRXX", "DROP", null)]
    [DataRow("ssl", "sslmode", null)]
    [DataRow("ZZ", "DO", null)]
    // Three edits are never a typo, however long the word.
    [DataRow("no-transactionxyz", "no-transaction", null)]
    [DataRow("notrans", "no-transaction", null)]
    [DataRow("frobnicate", "no-transaction,irreversible,disable,disable-file", null)]
    [DataRow("Preview", "Staging,Production,Local,QA", null)]
    // Case is ignored, and the candidate comes back as it is written.
    [DataRow("SSLMODE", "sslmode", "sslmode")]
    [DataRow("stagign", "Staging,Production", "Staging")]
    [DataRow("insret", "INSERT", "INSERT")]
    // The closest wins; on a tie the same first letter, then the earlier candidate.
    [DataRow("abcdef", "abcxyf,abcdex", "abcdex")]
    [DataRow("ROAD", "LOAD,ROAM", "ROAM")]
    [DataRow("LOAK", "LOAD,LOCK", "LOAD")]
    // Nothing typed, or nothing to choose from.
    [DataRow("", "A,B", null)]
    [DataRow("DROP", "", null)]
    public void Suggests_a_candidate_within_the_typo_tolerance(string typed, string candidates, string? expected) =>
        Assert.AreEqual(expected, SpellingSuggestion.Find(typed, candidates.Split(',', StringSplitOptions.RemoveEmptyEntries)));

    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(1, 1)]
    [DataRow(4, 1)]
    [DataRow(5, 2)]
    [DataRow(40, 2)]
    public void One_edit_up_to_four_letters_two_beyond(int typedLength, int allowed) =>
        Assert.AreEqual(allowed, SpellingSuggestion.AllowedEdits(typedLength));

    [TestMethod]
    public void A_word_longer_than_the_stack_buffer_is_compared_too()
    {
        var name = new string('a', 300);

        Assert.AreEqual(name, SpellingSuggestion.Find(name[..^1] + "b", [name, "a"]));
    }
}
