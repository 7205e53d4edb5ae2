/**
 * Table output: the columns and cells kube-apiserver prints for each built-in kind, custom columns
 * of CRDs (additionalPrinterColumns with their JSONPath), and the text formats of cells.
 */
package io.flotilla.kube.printers;
