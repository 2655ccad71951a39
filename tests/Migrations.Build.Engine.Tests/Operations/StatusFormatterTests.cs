using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class StatusFormatterTests
{
    private static readonly StatusRow[] Rows =
    [
        new("Staging", "20250210000000", "billing_integration_schema", MigrationState.Applied, new DateTimeOffset(2025, 2, 10, 2, 1, 13, TimeSpan.Zero), "deploy@ci", 184, string.Empty),
        new("Staging", "20250301000000", "add_invoice_line_items", MigrationState.Partial, new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), "deploy@ci", 12, "1 of 2 statements applied; roll back or resolve"),
        new("Staging", "20250401000000", "refunds", MigrationState.Pending, null, null, null, string.Empty),
    ];

    [TestMethod]
    [DataRow("", StatusFormat.Table)]
    [DataRow("TABLE", StatusFormat.Table)]
    [DataRow("json", StatusFormat.Json)]
    [DataRow("Markdown", StatusFormat.Markdown)]
    [DataRow("md", StatusFormat.Markdown)]
    public void Formats_are_parsed_case_insensitively(string text, StatusFormat expected)
    {
        Assert.IsTrue(StatusFormatter.TryParseFormat(text, out var format));
        Assert.AreEqual(expected, format);
    }

    [TestMethod]
    public void An_unknown_format_is_rejected() => Assert.IsFalse(StatusFormatter.TryParseFormat("yaml", out _));

    [TestMethod]
    public void The_table_is_aligned_in_columns()
    {
        var lines = StatusFormatter.Format(Rows, StatusFormat.Table).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.AreEqual("Environment  Migration                                  State    Applied at (UTC)     By         Time    Notes", lines[0]);
        Assert.AreEqual("Staging      20250210000000_billing_integration_schema  applied  2025-02-10 02:01:13  deploy@ci  184 ms", lines[2]);
        Assert.AreEqual("Staging      20250401000000_refunds                     pending", lines[4]);
        var stateColumn = lines[0].IndexOf("State", StringComparison.Ordinal);
        Assert.IsTrue(lines.Skip(2).All(line => line[stateColumn - 1] == ' ' && line[stateColumn] != ' '));
    }

    [TestMethod]
    public void Markdown_is_the_workflow_documents_migration_history_table()
    {
        var text = StatusFormatter.Format(Rows, StatusFormat.Markdown);

        StringAssert.StartsWith(text, "## Migration History\n\n| Date | Migration | Status | Notes |\n|------|-----------|--------|-------|\n");
        StringAssert.Contains(text, "| 2025-02-10 | billing_integration_schema | Applied |  |\n");
        StringAssert.Contains(text, "| 2025-03-01 | add_invoice_line_items | Partial | 1 of 2 statements applied; roll back or resolve |\n");
        StringAssert.Contains(text, "| 2025-04-01 | refunds | Pending |  |\n");
    }

    [TestMethod]
    public void Json_follows_the_documented_schema()
    {
        using var json = System.Text.Json.JsonDocument.Parse(StatusFormatter.Format(Rows, StatusFormat.Json));

        Assert.AreEqual(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        var first = json.RootElement.GetProperty("migrations")[0];
        Assert.AreEqual("20250210000000_billing_integration_schema", first.GetProperty("id").GetString());
        Assert.AreEqual("applied", first.GetProperty("state").GetString());
        Assert.AreEqual("2025-02-10T02:01:13.000Z", first.GetProperty("appliedAt").GetString());
        Assert.AreEqual(184, first.GetProperty("executionMs").GetInt64());
        var pending = json.RootElement.GetProperty("migrations")[2];
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, pending.GetProperty("appliedAt").ValueKind);
        Assert.AreEqual("partial", json.RootElement.GetProperty("migrations")[1].GetProperty("state").GetString());
    }

    private static readonly StatusRow[] SupabaseRows =
    [
        Rows[0] with { SupabaseListed = true },
        Rows[2] with { SupabaseListed = false },
        new("Staging", "0060", "fcm_token_transfer_guard", MigrationState.SupabaseOnly, null, null, null, "listed in supabase_migrations.schema_migrations only: not on disk, not in our history") { SupabaseListed = true },
    ];

    [TestMethod]
    public void A_Supabase_history_adds_its_column_to_the_table_and_markdown_and_a_field_to_json()
    {
        var table = StatusFormatter.Format(SupabaseRows, StatusFormat.Table).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("Environment  Migration                                  State          Supabase    Applied at (UTC)     By         Time    Notes", table[0]);
        Assert.AreEqual("Staging      20250401000000_refunds                     pending        not listed", table[3]);
        StringAssert.StartsWith(table[4], "Staging      0060_fcm_token_transfer_guard              supabase only  listed");

        var markdown = StatusFormatter.Format(SupabaseRows, StatusFormat.Markdown);
        StringAssert.StartsWith(markdown, "## Migration History\n\n| Date | Migration | Status | Supabase | Notes |\n|------|-----------|--------|---|-------|\n");
        StringAssert.Contains(markdown, "| 2025-02-10 | billing_integration_schema | Applied | listed |  |\n");
        StringAssert.Contains(markdown, "| 0060 | fcm_token_transfer_guard | Supabase Only | listed | listed in supabase_migrations.schema_migrations only: not on disk, not in our history |\n");

        using var json = System.Text.Json.JsonDocument.Parse(StatusFormatter.Format(SupabaseRows, StatusFormat.Json));
        var migrations = json.RootElement.GetProperty("migrations");
        Assert.AreEqual("listed", migrations[0].GetProperty("supabase").GetString());
        Assert.AreEqual("not_listed", migrations[1].GetProperty("supabase").GetString());
        Assert.AreEqual("supabase_only", migrations[2].GetProperty("state").GetString());
    }

    [TestMethod]
    public void Without_a_Supabase_history_json_says_null_and_the_table_has_no_such_column()
    {
        StringAssert.DoesNotMatch(StatusFormatter.Format(Rows, StatusFormat.Table), new System.Text.RegularExpressions.Regex("Supabase"));
        using var json = System.Text.Json.JsonDocument.Parse(StatusFormatter.Format(Rows, StatusFormat.Json));
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("migrations")[0].GetProperty("supabase").ValueKind);
    }
}
