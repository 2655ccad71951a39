using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// A script with every statement classified, once: the safety lint and the rollback analysis of a file both read these
/// classifications instead of each classifying the statements again.
/// </summary>
internal sealed class ClassifiedScript
{
    public ClassifiedScript(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Script = script;
        var statements = new ClassifiedStatement[script.Statements.Count];
        for (var i = 0; i < statements.Length; i++)
        {
            statements[i] = StatementClassifier.Classify(script.Statements[i]);
        }

        Statements = statements;
    }

    public SqlScript Script { get; }

    /// <summary>One classification per statement of <see cref="Script"/>, in the same order.</summary>
    public IReadOnlyList<ClassifiedStatement> Statements { get; }
}
