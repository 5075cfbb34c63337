/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A markdown table whose figures also show their ratio to the baseline row (the first one). */
final class Table {

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    void add(String... cells) {
        rows.add(cells);
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        line(out, headers);
        String[] rule = new String[headers.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = i == 0 || i == headers.length - 1 ? "---" : "---:";
        }
        line(out, rule);
        for (String[] row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }

    /** {@code value (ratio×)}; "n/a" when there is no value, no ratio when the baseline has none. */
    static String withRatio(double value, double baseline, String format) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String number = String.format(Locale.ROOT, format, value);
        if (Double.isNaN(baseline) || baseline == 0) {
            return number;
        }
        return number + " (" + String.format(Locale.ROOT, "%.2f", value / baseline) + "×)";
    }

    static String number(double value, String format) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
