// Apache Jena SHACL on the same files as bench_validation.py: the union of the N-Quads files' graphs
// against a shapes file. Prints one JSON line: load and validation seconds, conforms, result count.
//
//   java -cp 'bench/.cache/jena/*' bench/jena/JenaShacl.java SHAPES DATA.nq [MORE.nq ...]

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;

public class JenaShacl {
    public static void main(String[] args) {
        long started = System.nanoTime();
        DatasetGraph data = DatasetGraphFactory.createTxnMem();
        for (int i = 1; i < args.length; i++) {
            RDFDataMgr.read(data, args[i]);
        }
        Graph union = data.getUnionGraph();
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        long loaded = System.nanoTime();
        ValidationReport report = ShaclValidator.get().validate(shapes, union);
        long validated = System.nanoTime();
        System.out.printf("{\"load_seconds\": %.2f, \"seconds\": %.2f, \"conforms\": %b, \"results\": %d}%n",
                (loaded - started) / 1e9, (validated - loaded) / 1e9, report.conforms(), report.getEntries().size());
    }
}
